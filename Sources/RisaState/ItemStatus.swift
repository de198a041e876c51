/// What happened to one item of a batch step (one image out of a folder of thousands).
public enum ItemStatus: String, Sendable, CaseIterable {
    /// The item was processed in this run.
    case ran
    /// Its output came from the cache.
    case cached
    /// Processing it failed.
    case failed
    /// It was not processed (filtered out, or the step stopped first).
    case skipped
}

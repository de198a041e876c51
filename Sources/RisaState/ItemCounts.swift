/// How the items of a batch step fared.
public struct ItemCounts: Hashable, Sendable {
    /// Items the step had to handle.
    public var total: Int
    /// Items processed in this run.
    public var ran: Int
    /// Items whose output came from the cache.
    public var cached: Int
    /// Items that failed.
    public var failed: Int

    /// Creates counts.
    public init(total: Int, ran: Int, cached: Int, failed: Int) {
        self.total = total
        self.ran = ran
        self.cached = cached
        self.failed = failed
    }
}

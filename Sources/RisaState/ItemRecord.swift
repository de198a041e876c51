import RisaCore

/// What happened to one item of a batch step, so that `risa show` can say which one image out of
/// ten thousand changed or failed.
public struct ItemRecord: Hashable, Sendable {
    /// The run.
    public var runID: RunID
    /// The batch step.
    public var stepID: String
    /// The item's name, unique within the step (normally its relative path).
    public var name: String
    /// What happened to it.
    public var status: ItemStatus
    /// The digest of the item's input, when known.
    public var inputDigest: Digest?
    /// The digest of the item's output, once produced.
    public var outputDigest: Digest?
    /// What went wrong, for a failed item.
    public var error: String?

    /// Creates an item record.
    public init(
        runID: RunID, stepID: String, name: String, status: ItemStatus, inputDigest: Digest? = nil,
        outputDigest: Digest? = nil, error: String? = nil
    ) {
        self.runID = runID
        self.stepID = stepID
        self.name = name
        self.status = status
        self.inputDigest = inputDigest
        self.outputDigest = outputDigest
        self.error = error
    }
}

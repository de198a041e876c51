import RisaCore

/// The digests that recent runs refer to, which cache garbage collection must keep.
public struct ReferencedDigests: Hashable, Sendable {
    /// Content digests of step outputs and item outputs: blobs and trees the store must keep.
    public var outputs: Set<Digest>
    /// Action keys of the runs' steps: action-cache entries to keep.
    public var actionKeys: Set<Digest>
    /// The input digests recorded for items (for a foreach element, the element's action key).
    public var itemInputs: Set<Digest>

    /// Creates a set of references.
    public init(outputs: Set<Digest> = [], actionKeys: Set<Digest> = [], itemInputs: Set<Digest> = []) {
        self.outputs = outputs
        self.actionKeys = actionKeys
        self.itemInputs = itemInputs
    }
}

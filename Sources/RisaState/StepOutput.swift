import RisaCore

/// One named output of a step: the content it produced and where it was placed in the work tree.
public struct StepOutput: Hashable, Sendable {
    /// The digest of the output's content (a blob or a tree) in the store.
    public var digest: Digest
    /// Where the output was materialised, when it was (relative to the project).
    public var path: String?

    /// Creates an output record.
    public init(digest: Digest, path: String? = nil) {
        self.digest = digest
        self.path = path
    }
}

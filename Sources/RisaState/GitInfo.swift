/// The state of the git checkout a run was started from.
public struct GitInfo: Hashable, Sendable {
    /// The repository (its remote URL or its top-level folder).
    public var repository: String
    /// The commit checked out (full hex id).
    public var commit: String
    /// Whether the work tree had uncommitted changes.
    public var isDirty: Bool

    /// Creates git information.
    public init(repository: String, commit: String, isDirty: Bool) {
        self.repository = repository
        self.commit = commit
        self.isDirty = isDirty
    }
}

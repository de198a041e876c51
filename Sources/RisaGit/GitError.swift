internal import CGit2

/// A libgit2 call that failed: what Risa was doing, and libgit2's own message.
public struct GitError: Error, Sendable, CustomStringConvertible {
    /// What Risa was doing, naming the repository, revision or path.
    public var message: String
    /// libgit2's error code (negative), e.g. `GIT_ENOTFOUND`.
    public var code: Int32

    /// Creates an error.
    public init(_ message: String, code: Int32) {
        self.message = message
        self.code = code
    }

    public var description: String { message }

    /// Whether the error means "not found" (a revision, a path, a repository).
    public var isNotFound: Bool { code == GIT_ENOTFOUND.rawValue }

    /// Throws when `result` is a libgit2 error code, with libgit2's last message.
    static func check(_ result: Int32, _ doing: @autoclosure () -> String) throws(GitError) {
        guard result < 0 else { return }
        let detail = git_error_last().map { String(cString: $0.pointee.message) } ?? "error \(result)"
        throw GitError("\(doing()): \(detail)", code: result)
    }
}

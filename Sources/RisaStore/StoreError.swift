import RisaCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A failure of the content store, with what went wrong, the path involved and the system's cause.
///
/// Every store operation throws this type, so callers can branch on `code` (for example to tell the
/// user to free space on `diskFull`) and print `description` as an actionable message.
public struct StoreError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of failure.
    public enum Code: String, Sendable, Hashable {
        /// A blob, tree, action record or file does not exist.
        case notFound
        /// Stored bytes do not match their digest or cannot be decoded.
        case corrupt
        /// Any other input/output failure reported by the system.
        case io
        /// The device holding the path has no space (or quota) left.
        case diskFull
        /// The path cannot be written: read-only file system or missing permission.
        case readOnly
        /// A path or entry name is malformed, escapes its folder or lies outside where it must be.
        case invalidPath
        /// A file is of a kind the store does not record (socket, FIFO, device) or a symbolic link
        /// points outside the folder being stored.
        case unsupportedFile
        /// Another process holds the store in a way that forbids the operation (for example during gc).
        case busy
    }

    /// The kind of failure.
    public let code: Code
    /// A sentence saying what failed, naming the path, and what the user can do.
    public let message: String
    /// The file-system path involved, when there is one.
    public let path: String?
    /// The system error number (`errno`) behind the failure, when there is one.
    public let errno: Int32?

    /// Creates an error.
    /// - Parameters:
    ///   - code: the kind of failure.
    ///   - message: a sentence naming the path and, where possible, the remedy.
    ///   - path: the path involved.
    ///   - errno: the system error number behind it.
    public init(_ code: Code, _ message: String, path: String? = nil, errno: Int32? = nil) {
        self.code = code
        self.message = message
        self.path = path
        self.errno = errno
    }

    /// The message, followed by the system's own wording of `errno` when there is one.
    public var description: String {
        guard let errno else { return message }
        return "\(message) [errno \(errno): \(String(cString: strerror(errno)))]"
    }

    /// Maps a failed system call to an error: the one place where `errno` values become codes.
    /// - Parameters:
    ///   - number: the `errno` the call left.
    ///   - operation: what was attempted, as a verb phrase ("write", "create folder").
    ///   - path: the path the call was about.
    static func system(_ number: Int32, _ operation: String, _ path: String) -> StoreError {
        let subject = "cannot \(operation) \(path)"
        switch number {
        case ENOENT:
            return StoreError(.notFound, "\(subject): no such file or folder", path: path, errno: number)
        case ENOSPC, EDQUOT:
            return StoreError(
                .diskFull,
                "\(subject): no space left on the device; "
                    + "free space (for example by garbage-collecting the store) and retry",
                path: path, errno: number)
        case EROFS:
            return StoreError(
                .readOnly, "\(subject): the file system is read-only; use a store folder on a writable disk",
                path: path, errno: number)
        case EACCES, EPERM:
            return StoreError(
                .readOnly, "\(subject): permission denied; check the owner and permissions of \(path)",
                path: path, errno: number)
        case ENOTDIR, ENAMETOOLONG, ELOOP, EISDIR:
            return StoreError(.invalidPath, "\(subject): the path is not usable here", path: path, errno: number)
        default:
            return StoreError(.io, "\(subject)", path: path, errno: number)
        }
    }
}

extension StoreError {
    /// The same error with `context` ("while storing /a/b") put before the message.
    func adding(context: String) -> StoreError {
        StoreError(code, "\(context): \(message)", path: path, errno: errno)
    }

    /// The error for a blob (or tree, item set) that is not stored.
    static func missingBlob(_ digest: Digest, at path: String) -> StoreError {
        StoreError(.notFound, "\(digest) is not in the store (no file \(path))", path: path, errno: ENOENT)
    }
}

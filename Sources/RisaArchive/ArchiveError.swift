#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A failure to write, read or extract a ZIP archive, naming the archive entry or file involved.
///
/// Every function of this module throws this type, so a caller can branch on `code` (for example
/// to tell a user that an archive is malicious rather than damaged) and print `description`.
public struct ArchiveError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of failure.
    public enum Code: String, Sendable, Hashable {
        /// An archive path given to the writer is malformed (absolute, `..`, empty component, backslash).
        case invalidPath
        /// Two entries have the same archive path, or a file and a folder share one.
        case duplicatePath
        /// An entry would be written outside the destination folder (zip-slip) or through a link.
        case unsafePath
        /// An entry is a symbolic link, which the extractor refuses.
        case symbolicLink
        /// An entry is encrypted.
        case encrypted
        /// An entry uses a compression method other than stored (0) or deflate (8).
        case unsupportedMethod
        /// The archive is not a ZIP file, is cut short, or its records contradict each other.
        case malformed
        /// An entry's data does not match its CRC-32 or its declared size.
        case corrupt
        /// The archive exceeds an extraction limit (entry count, total size, compression ratio).
        case limitExceeded
        /// A source file changed size while it was being archived.
        case sourceChanged
        /// The destination exists and is not an empty folder.
        case destinationExists
        /// A file does not exist.
        case notFound
        /// The device has no space left.
        case diskFull
        /// Permission denied or read-only file system.
        case permissionDenied
        /// Any other failure reported by the system or by zlib.
        case io
    }

    /// The kind of failure.
    public let code: Code
    /// A sentence saying what failed, naming the entry or path, and what the user can do.
    public let message: String
    /// The archive path of the entry involved, when there is one.
    public let entry: String?
    /// The system error number behind the failure, when there is one.
    public let errno: Int32?

    /// Creates an error.
    /// - Parameters:
    ///   - code: the kind of failure.
    ///   - message: a sentence naming the entry or path and, where possible, the remedy.
    ///   - entry: the archive path of the entry involved.
    ///   - errno: the system error number behind it.
    public init(_ code: Code, _ message: String, entry: String? = nil, errno: Int32? = nil) {
        self.code = code
        self.message = message
        self.entry = entry
        self.errno = errno
    }

    /// The message, followed by the system's wording of `errno` when there is one.
    public var description: String {
        guard let errno else { return message }
        return "\(message) [errno \(errno): \(String(cString: strerror(errno)))]"
    }

    /// Maps a failed system call to an error: the one place where `errno` values become codes.
    /// - Parameters:
    ///   - number: the `errno` the call left.
    ///   - operation: what was attempted, as a verb phrase ("write", "create folder").
    ///   - path: the path the call was about.
    static func system(_ number: Int32, _ operation: String, _ path: String) -> ArchiveError {
        let subject = "cannot \(operation) \(path)"
        switch number {
        case ENOENT:
            return ArchiveError(.notFound, "\(subject): no such file or folder", errno: number)
        case ENOSPC, EDQUOT:
            return ArchiveError(
                .diskFull, "\(subject): no space left on the device; free space and retry",
                errno: number)
        case EACCES, EPERM, EROFS:
            return ArchiveError(
                .permissionDenied, "\(subject): permission denied or read-only file system",
                errno: number)
        default:
            return ArchiveError(.io, subject, errno: number)
        }
    }

    /// Maps a zlib result code to an error: the one place where zlib's codes become Swift errors.
    /// - Parameters:
    ///   - result: zlib's return code (`Z_DATA_ERROR`, `Z_MEM_ERROR`, ...).
    ///   - message: zlib's own message (`z_stream.msg`), when it set one.
    ///   - operation: what was attempted ("deflate", "inflate").
    ///   - entry: the archive path of the entry being processed.
    static func zlib(_ result: Int32, message: String?, _ operation: String, entry: String) -> ArchiveError {
        let detail = message.map { ": \($0)" } ?? ""
        switch result {
        case -3:  // Z_DATA_ERROR
            return ArchiveError(.corrupt, "entry \(entry): compressed data is invalid\(detail)", entry: entry)
        case -5:  // Z_BUF_ERROR: the input ended before the deflate stream did.
            return ArchiveError(.corrupt, "entry \(entry): compressed data ends early\(detail)", entry: entry)
        case -4:  // Z_MEM_ERROR
            return ArchiveError(.io, "entry \(entry): zlib ran out of memory during \(operation)", entry: entry)
        default:
            return ArchiveError(
                .io, "entry \(entry): zlib \(operation) failed with code \(result)\(detail)",
                entry: entry)
        }
    }

    /// The same error with the entry set and `context` put before the message.
    func about(entry: String, context: String) -> ArchiveError {
        ArchiveError(code, "\(context): \(message)", entry: self.entry ?? entry, errno: errno)
    }
}

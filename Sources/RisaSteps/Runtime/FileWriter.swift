import Foundation

/// Writes small files with `open`/`write`/`close`. Foundation's `Data.write` flushes every file to
/// disk, which in-process steps and the engine do not need: what they write either moves into the
/// store (whose group commit makes it durable) or can be rebuilt.
public enum FileWriter {
    /// Writes `bytes` to the file at `path`.
    /// - Parameter replacing: whether an existing file is truncated and overwritten (otherwise the
    ///   file must not exist).
    /// - Throws: `StepFailure` naming the path and the system's reason.
    public static func write(_ bytes: [UInt8], to path: String, replacing: Bool = false) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC | (replacing ? O_TRUNC : O_EXCL), 0o644)
        guard fd >= 0 else { throw StepFailure("cannot create \(path): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { Foundation.write(fd, $0.baseAddress! + offset, $0.count - offset) }
            if written < 0 {
                if errno == EINTR { continue }
                throw StepFailure("cannot write \(path): \(String(cString: strerror(errno)))")
            }
            offset += written
        }
    }
}

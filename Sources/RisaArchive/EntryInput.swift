#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The bytes of one entry being written, read in chunks and readable again from the start
/// (the writer re-reads an entry it decides to store after trying deflate).
enum EntryInput {
    case file(FileDescriptor)
    case memory([UInt8], position: Int)

    /// Opens the source of `entry`; returns it with its size.
    static func open(_ source: ZipEntry.Source, entry: String) throws(ArchiveError) -> (EntryInput, UInt64) {
        switch source {
        case .bytes(let bytes):
            return (.memory(bytes, position: 0), UInt64(bytes.count))
        case .file(let path):
            let file: FileDescriptor
            do {
                file = try FileDescriptor(path, O_RDONLY)
            } catch {
                throw error.about(entry: entry, context: "entry \(entry)")
            }
            let status = try file.status()
            guard status.type == S_IFREG else {
                throw ArchiveError(
                    .invalidPath, "entry \(entry): \(path) is not a regular file (folders are implied by file paths)",
                    entry: entry)
            }
            return (.file(file), status.size)
        }
    }

    /// Reads up to `count` bytes into `buffer`; 0 at the end.
    mutating func read(into buffer: UnsafeMutableRawPointer, count: Int) throws(ArchiveError) -> Int {
        switch self {
        case .file(let file):
            return try file.readSome(into: buffer, count: count)
        case .memory(let bytes, let position):
            let taken = min(count, bytes.count - position)
            bytes.withUnsafeBytes { source in
                if taken > 0 { buffer.copyMemory(from: source.baseAddress! + position, byteCount: taken) }
            }
            self = .memory(bytes, position: position + taken)
            return taken
        }
    }

    /// Goes back to the first byte.
    mutating func rewind() throws(ArchiveError) {
        switch self {
        case .file(let file):
            guard lseek(file.fd, 0, SEEK_SET) == 0 else { throw ArchiveError.system(errno, "seek in", file.path) }
        case .memory(let bytes, _):
            self = .memory(bytes, position: 0)
        }
    }

    /// Whether the source has no byte left (a file that grew while being read does).
    mutating func isAtEnd() throws(ArchiveError) -> Bool {
        guard case .file(let file) = self else { return true }
        var byte: UInt8 = 0
        return try file.readSome(into: &byte, count: 1) == 0
    }
}

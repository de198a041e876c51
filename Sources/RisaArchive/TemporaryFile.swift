#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A uniquely named hidden file beside a destination, renamed onto it when complete and removed
/// otherwise, so that readers see either the old file or the whole new one.
final class TemporaryFile {
    let file: FileDescriptor
    private let folder: String

    /// Creates `.<name>.risa-XXXXXX` in the folder of `destination`.
    init(beside destination: String) throws(ArchiveError) {
        let (folder, name) = splitPath(destination)
        var template = Array("\(folder)/.\(name).risa-XXXXXX".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { throw ArchiveError.system(errno, "create a temporary file in", folder) }
        let path = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        file = FileDescriptor(owning: fd, path: path)
        self.folder = folder
    }

    /// Gives the file mode 0644, optionally syncs it, and renames it to `destination`.
    func commit(to destination: String, synchronize: Bool) throws(ArchiveError) {
        guard fchmod(file.fd, 0o644) == 0 else { throw ArchiveError.system(errno, "set the mode of", file.path) }
        if synchronize { try file.synchronize() }
        guard rename(file.path, destination) == 0 else { throw ArchiveError.system(errno, "rename to", destination) }
        if synchronize { synchronizeFolder(folder) }
    }

    /// Removes the file (after a failure).
    func discard() {
        unlink(file.path)
    }
}

/// The folder and last component of `path` ("." when it has no slash).
func splitPath(_ path: String) -> (folder: String, name: String) {
    var trimmed = Substring(path)
    while trimmed.count > 1 && trimmed.hasSuffix("/") { trimmed = trimmed.dropLast() }
    guard let slash = trimmed.lastIndex(of: "/") else { return (".", String(trimmed)) }
    let folder = slash == trimmed.startIndex ? "/" : String(trimmed[..<slash])
    return (folder, String(trimmed[trimmed.index(after: slash)...]))
}

/// Flushes a folder's entries (a rename in it) to the device; best effort, as some file systems
/// refuse `fsync` on folders.
func synchronizeFolder(_ folder: String) {
    let fd = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
    guard fd >= 0 else { return }
    fsync(fd)
    close(fd)
}

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension ZipEntry {
    /// One entry per regular file under `folder`, its archive path relative to `folder` (with
    /// `prefix/` before it when `prefix` is not empty), in no particular order: the writer sorts.
    ///
    /// Symbolic links to regular files are archived as the file they point to; anything else
    /// (a link to a folder, a socket, a device) is refused, so that what is archived is exactly
    /// the files a user sees in the folder.
    /// - Parameters:
    ///   - folder: the folder to walk.
    ///   - prefix: a folder path inside the archive to put the files under, or "".
    /// - Throws: `ArchiveError` naming the path that cannot be read or archived.
    public static func files(inFolder folder: String, prefix: String = "") throws(ArchiveError) -> [ZipEntry] {
        var entries: [ZipEntry] = []
        try collect(folder: folder, archivePrefix: prefix.isEmpty ? "" : prefix + "/", into: &entries)
        return entries
    }

    private static func collect(
        folder: String, archivePrefix: String, into entries: inout [ZipEntry]
    )
        throws(ArchiveError)
    {
        guard let directory = opendir(folder) else { throw ArchiveError.system(errno, "list the folder", folder) }
        defer { closedir(directory) }
        while true {
            errno = 0
            guard let record = readdir(directory) else {
                if errno != 0 { throw ArchiveError.system(errno, "list the folder", folder) }
                return
            }
            let name = withUnsafeBytes(of: record.pointee.d_name) { raw in
                String(cString: raw.bindMemory(to: CChar.self).baseAddress!)
            }
            if name == "." || name == ".." { continue }
            let path = folder.hasSuffix("/") ? folder + name : folder + "/" + name
            let archivePath = archivePrefix + name
            var status = stat()
            guard lstat(path, &status) == 0 else { throw ArchiveError.system(errno, "inspect", path) }
            switch status.st_mode & S_IFMT {
            case S_IFREG:
                entries.append(.file(archivePath, from: path))
            case S_IFDIR:
                try collect(folder: path, archivePrefix: archivePath + "/", into: &entries)
            case S_IFLNK:
                guard stat(path, &status) == 0, status.st_mode & S_IFMT == S_IFREG else {
                    throw ArchiveError(
                        .invalidPath, "\(path) is a symbolic link to something other than a regular file",
                        entry: archivePath)
                }
                entries.append(.file(archivePath, from: path))
            default:
                throw ArchiveError(
                    .invalidPath, "\(path) is not a regular file or folder (socket, FIFO or device)",
                    entry: archivePath)
            }
        }
    }
}

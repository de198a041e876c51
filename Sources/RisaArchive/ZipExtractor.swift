#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Extracts ZIP archives safely: every entry is checked before anything is written, data is
/// verified against its CRC-32 and declared size while it is written, and the files appear at the
/// destination all at once or not at all.
///
/// Refused, with an error naming the entry: paths that would leave the destination (`..`,
/// absolute paths, drive letters, backslashes), symbolic links, duplicate names, encrypted entries,
/// methods other than stored and deflate, overlapping entries, and archives past `ExtractionLimits`.
/// Files are written with mode 0644 and folders 0755; archived dates and modes are not restored.
///
/// ```swift
/// let summary = try ZipExtractor.extract("/tmp/in.zip", to: "/tmp/out")
/// ```
public enum ZipExtractor {
    /// Extracts the archive at `archivePath` into the new folder `destination`.
    ///
    /// The entries are written into a temporary folder beside `destination` (created with
    /// `O_EXCL | O_NOFOLLOW`, so nothing is written through a link), which is renamed to
    /// `destination` at the end; on error it is removed and `destination` is left as it was.
    /// - Parameters:
    ///   - archivePath: the ZIP file.
    ///   - destination: a folder that does not exist yet, or an empty folder.
    ///   - limits: zip-bomb bounds.
    /// - Returns: counts of what was written.
    /// - Throws: `ArchiveError` naming the entry: `.unsafePath`, `.symbolicLink`, `.duplicatePath`,
    ///   `.encrypted`, `.unsupportedMethod`, `.limitExceeded`, `.corrupt` (CRC or size mismatch),
    ///   `.malformed` (truncated or damaged archive), `.destinationExists`, or an I/O error.
    @discardableResult
    public static func extract(
        _ archivePath: String, to destination: String, limits: ExtractionLimits = ExtractionLimits()
    )
        throws(ArchiveError) -> ExtractionSummary
    {
        try checkDestination(destination)
        let archive = try ZipArchive(path: archivePath, maximumEntryCount: limits.maximumEntryCount)
        let plan = try ExtractionPlan(archive: archive, limits: limits)
        let (parent, name) = splitPath(destination)
        var template = Array("\(parent)/.\(name).risa-unzip-XXXXXX".utf8CString)
        guard template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) != nil else {
            throw ArchiveError.system(errno, "create a temporary folder in", parent)
        }
        let temporary = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        do throws(ArchiveError) {
            let writer = try EntryDataExtractor(archive: archive, limits: limits)
            var created = Set<String>()
            var summary = ExtractionSummary(fileCount: 0, folderCount: 0, totalBytes: 0)
            for item in plan.items {
                let components = item.relativePath.split(separator: "/")
                let folderDepth = item.isDirectory ? components.count : components.count - 1
                var folder = temporary
                for depth in 0..<folderDepth {
                    folder += "/" + components[depth]
                    if created.insert(folder).inserted, mkdir(folder, 0o755) != 0, errno != EEXIST {
                        throw ArchiveError.system(errno, "create folder", folder).about(
                            entry: item.entry.path, context: "entry \(item.entry.path)")
                    }
                }
                if item.isDirectory {
                    summary.folderCount += 1
                    continue
                }
                let target = temporary + "/" + item.relativePath
                summary.totalBytes += try writer.extract(item, to: target, totalSoFar: summary.totalBytes)
                summary.fileCount += 1
            }
            guard rename(temporary, destination) == 0 else {
                throw ArchiveError.system(errno, "rename the extracted folder to", destination)
            }
            return summary
        } catch {
            removeTree(temporary)
            throw error
        }
    }

    private static func checkDestination(_ destination: String) throws(ArchiveError) {
        var status = stat()
        guard lstat(destination, &status) == 0 else {
            if errno == ENOENT { return }
            throw ArchiveError.system(errno, "inspect", destination)
        }
        guard status.st_mode & S_IFMT == S_IFDIR, let directory = opendir(destination) else {
            throw ArchiveError(
                .destinationExists, "\(destination) already exists and is not a folder; extract to a new path")
        }
        defer { closedir(directory) }
        while let record = readdir(directory) {
            let name = withUnsafeBytes(of: record.pointee.d_name) {
                String(cString: $0.bindMemory(to: CChar.self).baseAddress!)
            }
            if name != "." && name != ".." {
                throw ArchiveError(
                    .destinationExists, "\(destination) is not empty; extract to a new or empty folder")
            }
        }
    }
}

/// Removes `path` and everything under it without following symbolic links; best effort, used
/// to clean up after a failed extraction.
func removeTree(_ path: String) {
    var status = stat()
    guard lstat(path, &status) == 0 else { return }
    if status.st_mode & S_IFMT == S_IFDIR, let directory = opendir(path) {
        var names: [String] = []
        while let record = readdir(directory) {
            let name = withUnsafeBytes(of: record.pointee.d_name) {
                String(cString: $0.bindMemory(to: CChar.self).baseAddress!)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        closedir(directory)
        for name in names { removeTree(path + "/" + name) }
        rmdir(path)
    } else {
        unlink(path)
    }
}

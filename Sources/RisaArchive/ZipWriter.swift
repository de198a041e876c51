#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Writes reproducible ZIP archives: the same entries give the same bytes, whatever their order.
///
/// - Entries are sorted by the bytes of their UTF-8 paths. No folder entries are written: folders
///   are implied by the paths of the files in them (so an empty folder cannot be archived).
/// - Every entry has the DOS date 1980-01-01 00:00, no extra timestamp field, mode 0644 as a Unix
///   "version made by", and the UTF-8 flag (bit 11) when its path is not ASCII.
/// - Already-compressed formats (by extension, see `ZipWriterOptions.storedExtensions`) are stored;
///   other entries are deflated at a fixed level and stored instead when deflate saves less than
///   `minimumSavingsPercent`. Deflate is deterministic for a given zlib version, so byte identity
///   holds for the same zlib version (zlib has changed its output between releases).
/// - ZIP64 records appear only when a size or offset reaches 4 GiB or there are 65,535 entries
///   or more.
/// - Files are read in chunks of `bufferSize`, never whole. The archive is written to a temporary
///   file beside `path` and renamed over it at the end, so no half-written archive is ever visible;
///   on error the temporary file is removed.
///
/// ```swift
/// let summary = try ZipWriter.write(
///     [.file("a.jpg", from: "/tmp/a.jpg"), .text("manifest.json", "{}")], to: "/tmp/out.zip")
/// ```
public enum ZipWriter {
    /// Writes `entries` to a ZIP archive at `path`, replacing any file there.
    /// - Parameters:
    ///   - entries: the files to archive, in any order.
    ///   - path: where the archive goes; its folder must exist.
    ///   - options: compression choices and buffer size.
    /// - Returns: counts and sizes of what was written.
    /// - Throws: `ArchiveError` naming the entry: `.invalidPath` or `.duplicatePath` for bad paths
    ///   (before anything is written), `.notFound` for a missing source, `.sourceChanged`, or an
    ///   I/O error.
    @discardableResult
    public static func write(
        _ entries: [ZipEntry], to path: String, options: ZipWriterOptions = ZipWriterOptions()
    )
        throws(ArchiveError) -> ZipWriteSummary
    {
        try write(entries, to: path, options: options, thresholds: .format)
    }

    /// `write` with ZIP64 thresholds that tests lower to reach the ZIP64 code path cheaply.
    static func write(
        _ entries: [ZipEntry], to path: String, options: ZipWriterOptions, thresholds: Zip64Thresholds
    ) throws(ArchiveError) -> ZipWriteSummary {
        var named: [(name: [UInt8], entry: ZipEntry)] = []
        named.reserveCapacity(entries.count)
        for entry in entries { named.append((try ArchivePath.validated(entry.path), entry)) }
        named.sort { $0.name.lexicographicallyPrecedes($1.name) }
        try ArchivePath.checkUnique(sorted: named.map(\.name))

        let temporary = try TemporaryFile(beside: path)
        do {
            let output = OutputBuffer(file: temporary.file, capacity: max(options.bufferSize, 64 << 10))
            let writer = EntryDataWriter(output: output, options: options, thresholds: thresholds)
            var written: [WrittenEntry] = []
            written.reserveCapacity(named.count)
            var summary = ZipWriteSummary(
                entryCount: named.count, storedCount: 0, deflatedCount: 0, uncompressedBytes: 0, archiveBytes: 0,
                usesZip64: false)
            for (name, entry) in named {
                var (input, size) = try EntryInput.open(entry.source, entry: entry.path)
                let result = try writer.write(name: name, path: entry.path, input: &input, size: size)
                if result.method == ZipRecords.methodStored {
                    summary.storedCount += 1
                } else {
                    summary.deflatedCount += 1
                }
                summary.uncompressedBytes += size
                summary.usesZip64 = summary.usesZip64 || result.localZip64
                written.append(result)
            }
            let directoryOffset = output.position
            var directory = ByteWriter(capacity: 1 << 16)
            for entry in written {
                ZipRecords.appendCentralHeader(entry, thresholds: thresholds, to: &directory)
                summary.usesZip64 = summary.usesZip64 || entry.localHeaderOffset >= thresholds.size
                if directory.bytes.count >= 1 << 20 {
                    try output.append(directory.bytes)
                    directory.bytes.removeAll(keepingCapacity: true)
                }
            }
            try output.append(directory.bytes)
            let directorySize = output.position - directoryOffset
            let end = ZipRecords.end(
                entryCount: UInt64(written.count), directoryOffset: directoryOffset, directorySize: directorySize,
                thresholds: thresholds)
            try output.append(end.bytes)
            try output.flush()
            summary.usesZip64 = summary.usesZip64 || end.zip64
            summary.archiveBytes = output.position
            try temporary.commit(to: path, synchronize: options.synchronize)
            return summary
        } catch {
            temporary.discard()
            throw error
        }
    }
}

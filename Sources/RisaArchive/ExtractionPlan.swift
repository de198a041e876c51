/// The checks made on a whole archive before anything is extracted: paths (zip-slip), links,
/// encryption, methods, duplicates, overlapping data (overlap bombs) and the declared-size limits.
struct ExtractionPlan {
    struct Item {
        var entry: ZipEntryInfo
        /// The path relative to the destination, without a trailing `/`.
        var relativePath: String
        var isDirectory: Bool
        /// Where the entry's data starts in the archive file.
        var dataOffset: UInt64
    }

    var items: [Item] = []

    init(archive: ZipArchive, limits: ExtractionLimits) throws(ArchiveError) {
        let name = archive.path
        guard archive.entries.count <= limits.maximumEntryCount else {
            throw ArchiveError(
                .limitExceeded,
                "\(name) has \(archive.entries.count) entries, more than the limit of \(limits.maximumEntryCount)")
        }
        var seen = Set<String>()
        var files = Set<String>()
        var folders = Set<String>()
        var total: UInt64 = 0
        items.reserveCapacity(archive.entries.count)
        for entry in archive.entries {
            let path = entry.path
            if entry.isEncrypted {
                throw ArchiveError(
                    .encrypted, "entry \(path) in \(name) is encrypted, which is not supported", entry: path)
            }
            if entry.isSymbolicLink {
                throw ArchiveError(
                    .symbolicLink, "entry \(path) in \(name) is a symbolic link; archives with links are refused",
                    entry: path)
            }
            let components = try ArchivePath.safeComponents(of: path)
            let relative = components.joined(separator: "/")
            guard seen.insert(relative).inserted else {
                throw ArchiveError(.duplicatePath, "entry \(path) appears more than once in \(name)", entry: path)
            }
            if entry.isDirectory {
                folders.insert(relative)
            } else {
                try Self.checkData(entry, archive: name, limits: limits)
                files.insert(relative)
                total += entry.uncompressedSize
                guard total <= limits.maximumTotalBytes else {
                    throw ArchiveError(
                        .limitExceeded,
                        "\(name) would extract to more than \(limits.maximumTotalBytes) bytes "
                            + "(limit reached at entry \(path))",
                        entry: path)
                }
            }
            for end in components.indices.dropLast() {
                folders.insert(components[...end].joined(separator: "/"))
            }
            items.append(Item(entry: entry, relativePath: relative, isDirectory: entry.isDirectory, dataOffset: 0))
        }
        for item in items where !item.isDirectory && folders.contains(item.relativePath) {
            throw ArchiveError(
                .duplicatePath, "entry \(item.entry.path) in \(name) is both a file and a folder of other entries",
                entry: item.entry.path)
        }
        try locateData(archive: archive)
    }

    private static func checkData(
        _ entry: ZipEntryInfo, archive: String, limits: ExtractionLimits
    )
        throws(ArchiveError)
    {
        let path = entry.path
        switch entry.method {
        case ZipRecords.methodStored:
            guard entry.compressedSize == entry.uncompressedSize else {
                throw ArchiveError(
                    .malformed, "entry \(path) in \(archive) is stored but its two sizes differ", entry: path)
            }
        case ZipRecords.methodDeflated:
            if entry.uncompressedSize > limits.ratioExemptBytes,
                entry.uncompressedSize / max(entry.compressedSize, 1) > limits.maximumCompressionRatio
            {
                throw ArchiveError(
                    .limitExceeded,
                    "entry \(path) in \(archive) expands \(entry.compressedSize) bytes to \(entry.uncompressedSize), "
                        + "a ratio above the limit of \(limits.maximumCompressionRatio) (a zip bomb?)",
                    entry: path)
            }
        default:
            throw ArchiveError(
                .unsupportedMethod,
                "entry \(path) in \(archive) uses compression method \(entry.method); only stored (0) and deflate (8) "
                    + "are supported",
                entry: path)
        }
    }

    /// Reads each local header to find where the data starts, checks it names the same entry, and
    /// refuses entries whose data overlaps another's or the central directory.
    private mutating func locateData(archive: ZipArchive) throws(ArchiveError) {
        for index in items.indices where !items[index].isDirectory || items[index].entry.compressedSize > 0 {
            let entry = items[index].entry
            func damaged(_ what: String) -> ArchiveError {
                ArchiveError(.malformed, "\(archive.path) is damaged: entry \(entry.path) \(what)", entry: entry.path)
            }
            let headerSize = UInt64(ZipRecords.localHeaderFixedSize)
            guard entry.localHeaderOffset <= archive.directoryOffset,
                archive.directoryOffset - entry.localHeaderOffset >= headerSize
            else { throw damaged("has a local header outside the file's data") }
            var header = ByteReader(
                try archive.file.bytes(count: ZipRecords.localHeaderFixedSize, at: entry.localHeaderOffset))
            guard header.u32() == ZipRecords.localHeaderSignature else { throw damaged("has no local header") }
            header.position = 26
            let nameLength = UInt64(header.u16()!)
            let extraLength = UInt64(header.u16()!)
            let name = try archive.file.bytes(count: Int(nameLength), at: entry.localHeaderOffset + headerSize)
            guard name.elementsEqual(entry.path.utf8) else {
                throw damaged("has a different name in its local header (\(String(decoding: name, as: UTF8.self)))")
            }
            let dataOffset = entry.localHeaderOffset + headerSize + nameLength + extraLength
            guard dataOffset <= archive.directoryOffset,
                entry.compressedSize <= archive.directoryOffset - dataOffset
            else { throw damaged("has data reaching past the central directory (truncated archive?)") }
            items[index].dataOffset = dataOffset
        }
        let ordered = items.filter { !$0.isDirectory }.sorted {
            $0.entry.localHeaderOffset < $1.entry.localHeaderOffset
        }
        for (previous, next) in zip(ordered, ordered.dropFirst())
        where previous.dataOffset + previous.entry.compressedSize > next.entry.localHeaderOffset {
            throw ArchiveError(
                .malformed,
                "\(archive.path): entries \(previous.entry.path) and \(next.entry.path) share data "
                    + "(an overlapping-entry zip bomb, or a damaged archive)",
                entry: next.entry.path)
        }
    }
}

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// An open ZIP archive and its central directory (classic or ZIP64), read without trusting it:
/// every size and offset is checked against the file before it is used.
///
/// ```swift
/// let archive = try ZipArchive(path: "/tmp/dataset.zip")
/// for entry in archive.entries { print(entry.path, entry.uncompressedSize) }
/// ```
public final class ZipArchive {
    /// The archive file's path.
    public let path: String
    /// The entries, in central directory order.
    public let entries: [ZipEntryInfo]
    /// The archive file, open for reading.
    let file: FileDescriptor
    /// Where the central directory starts: no entry's data may reach past it.
    let directoryOffset: UInt64

    /// Opens the archive at `path` and reads its central directory.
    /// - Parameters:
    ///   - path: the archive file.
    ///   - maximumEntryCount: refuse archives that declare more entries than this, before reading them.
    /// - Throws: `ArchiveError` `.malformed` when the file is not a ZIP archive or is cut short,
    ///   `.limitExceeded` for too many entries, `.notFound` when there is no file.
    public init(path: String, maximumEntryCount: Int = 1_000_000) throws(ArchiveError) {
        self.path = path
        file = try FileDescriptor(path, O_RDONLY)
        let size = try file.status().size
        let end = try Self.findEnd(file, size: size, path: path)
        guard end.count <= UInt64(maximumEntryCount) else {
            throw ArchiveError(
                .limitExceeded,
                "\(path) declares \(end.count) entries, more than the limit of \(maximumEntryCount)")
        }
        guard end.directorySize <= end.recordOffset, end.directoryOffset <= end.recordOffset - end.directorySize else {
            throw ArchiveError(.malformed, "\(path) is damaged: its central directory lies outside the file")
        }
        guard end.directorySize <= Self.maximumDirectorySize else {
            throw ArchiveError(
                .limitExceeded,
                "\(path) declares a central directory of \(end.directorySize) bytes, more than the "
                    + "\(Self.maximumDirectorySize) this reader holds in memory")
        }
        directoryOffset = end.directoryOffset
        let directory = try file.bytes(count: Int(end.directorySize), at: end.directoryOffset)
        entries = try CentralDirectoryParser.parse(directory, count: Int(end.count), archive: path)
    }

    /// The largest central directory read (it is held in memory): room for about four million
    /// entries with typical names.
    static let maximumDirectorySize: UInt64 = 512 << 20

    private struct EndRecord {
        var count: UInt64
        var directorySize: UInt64
        var directoryOffset: UInt64
        /// The offset of the first end record (ZIP64 or classic): the central directory ends before it.
        var recordOffset: UInt64
    }

    private static func findEnd(_ file: FileDescriptor, size: UInt64, path: String) throws(ArchiveError) -> EndRecord {
        let notZip = ArchiveError(
            .malformed, "\(path) is not a ZIP archive, or it is truncated: no end of central directory record")
        guard size >= UInt64(ZipRecords.endRecordSize) else { throw notZip }
        let tailLength = Int(min(size, UInt64(ZipRecords.endRecordSize + 0xFFFF)))
        let tailStart = size - UInt64(tailLength)
        let tail = try file.bytes(count: tailLength, at: tailStart)
        var position = tailLength - ZipRecords.endRecordSize
        var found: Int?
        while position >= 0 {
            var reader = ByteReader(tail, at: position)
            if reader.u32() == ZipRecords.endSignature {
                reader.position = position + 20
                if let comment = reader.u16(), position + ZipRecords.endRecordSize + Int(comment) <= tailLength {
                    found = position
                    break
                }
            }
            position -= 1
        }
        guard let found else { throw notZip }
        var reader = ByteReader(tail, at: found + 4)
        let disk = reader.u16()!
        let directoryDisk = reader.u16()!
        _ = reader.u16()
        let count = reader.u16()!
        let directorySize = reader.u32()!
        let directoryOffset = reader.u32()!
        guard disk == 0, directoryDisk == 0 else {
            throw ArchiveError(.malformed, "\(path) is a multi-part (spanned) archive, which is not supported")
        }
        let endOffset = tailStart + UInt64(found)
        var record = EndRecord(
            count: UInt64(count), directorySize: UInt64(directorySize), directoryOffset: UInt64(directoryOffset),
            recordOffset: endOffset)
        guard endOffset >= UInt64(ZipRecords.zip64LocatorSize) else { return record }
        let locatorOffset = endOffset - UInt64(ZipRecords.zip64LocatorSize)
        var locator = ByteReader(try file.bytes(count: ZipRecords.zip64LocatorSize, at: locatorOffset))
        guard locator.u32() == ZipRecords.zip64LocatorSignature else {
            if count == 0xFFFF || directorySize == 0xFFFF_FFFF || directoryOffset == 0xFFFF_FFFF {
                throw ArchiveError(
                    .malformed, "\(path) is damaged: its ZIP64 end of central directory locator is missing")
            }
            return record
        }
        _ = locator.u32()
        let zip64EndOffset = locator.u64()!
        guard locatorOffset >= UInt64(ZipRecords.zip64EndRecordSize),
            zip64EndOffset <= locatorOffset - UInt64(ZipRecords.zip64EndRecordSize)
        else {
            throw ArchiveError(.malformed, "\(path) is damaged: its ZIP64 end record lies outside the file")
        }
        var zip64 = ByteReader(try file.bytes(count: ZipRecords.zip64EndRecordSize, at: zip64EndOffset))
        guard zip64.u32() == ZipRecords.zip64EndSignature else {
            throw ArchiveError(
                .malformed, "\(path) is damaged: no ZIP64 end of central directory record where the locator points")
        }
        zip64.position = 32
        record.count = zip64.u64()!
        record.directorySize = zip64.u64()!
        record.directoryOffset = zip64.u64()!
        record.recordOffset = zip64EndOffset
        return record
    }
}

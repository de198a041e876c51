/// Little-endian fields appended to a byte array, the encoding of every ZIP record.
struct ByteWriter {
    var bytes: [UInt8] = []

    init(capacity: Int = 0) { bytes.reserveCapacity(capacity) }

    mutating func u16(_ value: UInt16) {
        bytes.append(UInt8(truncatingIfNeeded: value))
        bytes.append(UInt8(truncatingIfNeeded: value >> 8))
    }

    mutating func u32(_ value: UInt32) {
        for shift in stride(from: 0, to: 32, by: 8) { bytes.append(UInt8(truncatingIfNeeded: value >> UInt32(shift))) }
    }

    mutating func u64(_ value: UInt64) {
        for shift in stride(from: 0, to: 64, by: 8) { bytes.append(UInt8(truncatingIfNeeded: value >> UInt64(shift))) }
    }

    mutating func append(_ other: [UInt8]) { bytes.append(contentsOf: other) }
}

/// The limits past which a field no longer fits its classic ZIP width and ZIP64 records are used.
///
/// The real limits are the ZIP format's; tests lower them to exercise the ZIP64 code path on a
/// small archive.
struct Zip64Thresholds: Sendable {
    /// A size or offset at or above this is written as 0xFFFFFFFF plus a ZIP64 extra field.
    var size: UInt64 = 0xFFFF_FFFF
    /// An entry count at or above this is written as 0xFFFF plus a ZIP64 end record.
    var count: UInt64 = 0xFFFF

    static let format = Zip64Thresholds()
}

/// What the writer knows of one entry once its data is written: enough for its central record.
struct WrittenEntry {
    var name: [UInt8]
    var method: UInt16
    var crc: UInt32
    var compressedSize: UInt64
    var uncompressedSize: UInt64
    var localHeaderOffset: UInt64
    /// Whether the local header carries a ZIP64 extra field (decided before the data was written).
    var localZip64: Bool
}

/// The ZIP records Risa writes (APPNOTE 6.3.x, sections 4.3 and 4.5.3), with the fixed values
/// that make archives reproducible.
enum ZipRecords {
    static let localHeaderSignature: UInt32 = 0x0403_4b50
    static let centralHeaderSignature: UInt32 = 0x0201_4b50
    static let endSignature: UInt32 = 0x0605_4b50
    static let zip64EndSignature: UInt32 = 0x0606_4b50
    static let zip64LocatorSignature: UInt32 = 0x0706_4b50
    static let zip64ExtraID: UInt16 = 0x0001

    static let methodStored: UInt16 = 0
    static let methodDeflated: UInt16 = 8
    /// General purpose bit 11: the name is UTF-8.
    static let utf8Flag: UInt16 = 1 << 11
    /// 1980-01-01 00:00:00, the earliest DOS date: the same for every entry so that the bytes
    /// depend on content only.
    static let dosTime: UInt16 = 0
    static let dosDate: UInt16 = (0 << 9) | (1 << 5) | 1
    /// Made by Unix (3), so that `unzip` and Python read the permissions from the high 16 bits
    /// of the external attributes.
    static let madeByUnix: UInt16 = 3 << 8
    /// A regular file with mode 0644.
    static let regularFileAttributes: UInt32 = UInt32(0o100644) << 16

    static let localHeaderFixedSize = 30
    static let centralHeaderFixedSize = 46
    static let endRecordSize = 22
    static let zip64EndRecordSize = 56
    static let zip64LocatorSize = 20

    /// The "version needed to extract": 4.5 for ZIP64, 2.0 for deflate, 1.0 for stored.
    static func versionNeeded(method: UInt16, zip64: Bool) -> UInt16 {
        zip64 ? 45 : (method == methodDeflated ? 20 : 10)
    }

    static func flags(for name: [UInt8]) -> UInt16 {
        name.contains(where: { $0 >= 0x80 }) ? utf8Flag : 0
    }

    /// A local file header; with `zip64` the sizes sit in a ZIP64 extra field and the classic
    /// fields hold 0xFFFFFFFF. Its length depends only on the name and `zip64`, so a placeholder
    /// can be patched in place once the data is written.
    static func localHeader(
        name: [UInt8], method: UInt16, crc: UInt32, compressedSize: UInt64, uncompressedSize: UInt64, zip64: Bool
    ) -> [UInt8] {
        var writer = ByteWriter(capacity: localHeaderFixedSize + name.count + 20)
        writer.u32(localHeaderSignature)
        writer.u16(versionNeeded(method: method, zip64: zip64))
        writer.u16(flags(for: name))
        writer.u16(method)
        writer.u16(dosTime)
        writer.u16(dosDate)
        writer.u32(crc)
        writer.u32(zip64 ? 0xFFFF_FFFF : UInt32(compressedSize))
        writer.u32(zip64 ? 0xFFFF_FFFF : UInt32(uncompressedSize))
        writer.u16(UInt16(name.count))
        writer.u16(zip64 ? 20 : 0)
        writer.append(name)
        if zip64 {
            writer.u16(zip64ExtraID)
            writer.u16(16)
            writer.u64(uncompressedSize)
            writer.u64(compressedSize)
        }
        return writer.bytes
    }

    /// Appends the central directory header of `entry`; only the fields that reach the
    /// threshold go to its ZIP64 extra field (in the order APPNOTE 4.5.3 fixes).
    static func appendCentralHeader(_ entry: WrittenEntry, thresholds: Zip64Thresholds, to writer: inout ByteWriter) {
        let bigUncompressed = entry.uncompressedSize >= thresholds.size
        let bigCompressed = entry.compressedSize >= thresholds.size
        let bigOffset = entry.localHeaderOffset >= thresholds.size
        let extraLength = (bigUncompressed ? 8 : 0) + (bigCompressed ? 8 : 0) + (bigOffset ? 8 : 0)
        let zip64 = extraLength > 0 || entry.localZip64
        let version = versionNeeded(method: entry.method, zip64: zip64)
        writer.u32(centralHeaderSignature)
        writer.u16(madeByUnix | version)
        writer.u16(version)
        writer.u16(flags(for: entry.name))
        writer.u16(entry.method)
        writer.u16(dosTime)
        writer.u16(dosDate)
        writer.u32(entry.crc)
        writer.u32(bigCompressed ? 0xFFFF_FFFF : UInt32(entry.compressedSize))
        writer.u32(bigUncompressed ? 0xFFFF_FFFF : UInt32(entry.uncompressedSize))
        writer.u16(UInt16(entry.name.count))
        writer.u16(extraLength > 0 ? UInt16(4 + extraLength) : 0)
        writer.u16(0)  // comment length
        writer.u16(0)  // disk number start
        writer.u16(0)  // internal attributes
        writer.u32(regularFileAttributes)
        writer.u32(bigOffset ? 0xFFFF_FFFF : UInt32(entry.localHeaderOffset))
        writer.append(entry.name)
        if extraLength > 0 {
            writer.u16(zip64ExtraID)
            writer.u16(UInt16(extraLength))
            if bigUncompressed { writer.u64(entry.uncompressedSize) }
            if bigCompressed { writer.u64(entry.compressedSize) }
            if bigOffset { writer.u64(entry.localHeaderOffset) }
        }
    }

    /// The end of the archive: a ZIP64 end record and locator only when the count, the central
    /// directory's size or its offset reach the thresholds, then the classic end record.
    static func end(
        entryCount: UInt64, directoryOffset: UInt64, directorySize: UInt64, thresholds: Zip64Thresholds
    ) -> (bytes: [UInt8], zip64: Bool) {
        let bigCount = entryCount >= thresholds.count
        let bigSize = directorySize >= thresholds.size
        let bigOffset = directoryOffset >= thresholds.size
        var writer = ByteWriter(capacity: zip64EndRecordSize + zip64LocatorSize + endRecordSize)
        let zip64 = bigCount || bigSize || bigOffset
        if zip64 {
            let zip64EndOffset = directoryOffset + directorySize
            writer.u32(zip64EndSignature)
            writer.u64(UInt64(zip64EndRecordSize - 12))
            writer.u16(madeByUnix | 45)
            writer.u16(45)
            writer.u32(0)  // this disk
            writer.u32(0)  // disk with the central directory
            writer.u64(entryCount)
            writer.u64(entryCount)
            writer.u64(directorySize)
            writer.u64(directoryOffset)
            writer.u32(zip64LocatorSignature)
            writer.u32(0)
            writer.u64(zip64EndOffset)
            writer.u32(1)  // total disks
        }
        writer.u32(endSignature)
        writer.u16(0)
        writer.u16(0)
        writer.u16(bigCount ? 0xFFFF : UInt16(entryCount))
        writer.u16(bigCount ? 0xFFFF : UInt16(entryCount))
        writer.u32(bigSize ? 0xFFFF_FFFF : UInt32(directorySize))
        writer.u32(bigOffset ? 0xFFFF_FFFF : UInt32(directoryOffset))
        writer.u16(0)  // comment length
        return (writer.bytes, zip64)
    }
}

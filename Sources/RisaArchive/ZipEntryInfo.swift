/// One entry as an archive's central directory describes it.
public struct ZipEntryInfo: Sendable, Hashable {
    /// The entry's path inside the archive, as stored (a folder entry ends with `/`).
    public var path: String
    /// The compression method: 0 stored, 8 deflate (others are refused on extraction).
    public var method: UInt16
    /// The CRC-32 of the uncompressed data.
    public var crc32: UInt32
    /// The size of the data as stored in the archive.
    public var compressedSize: UInt64
    /// The size of the data once extracted.
    public var uncompressedSize: UInt64
    /// The general purpose bit flags (bit 0: encrypted, bit 11: UTF-8 name).
    public var flags: UInt16
    /// The Unix mode (type and permission bits) when the archive was made on Unix, else nil.
    public var unixMode: UInt32?
    /// The offset of the entry's local header in the archive file.
    public var localHeaderOffset: UInt64
    /// Whether the raw external attributes mark a folder (MS-DOS attribute 0x10).
    var dosDirectory: Bool

    /// Whether the entry is a folder (its path ends with `/`, or its attributes say so).
    public var isDirectory: Bool {
        path.hasSuffix("/") || unixMode.map { $0 & 0o170000 == 0o040000 } ?? dosDirectory
    }

    /// Whether the entry is a symbolic link (Unix mode type `S_IFLNK`).
    public var isSymbolicLink: Bool { unixMode.map { $0 & 0o170000 == 0o120000 } ?? false }

    /// Whether the entry is encrypted (traditional or strong encryption).
    public var isEncrypted: Bool { flags & 0x0001 != 0 || flags & 0x0040 != 0 }
}

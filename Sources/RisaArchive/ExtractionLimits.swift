/// Bounds that protect extraction from zip bombs; an archive past any of them is refused with
/// `.limitExceeded` before anything is written (declared sizes), or while writing (actual sizes).
public struct ExtractionLimits: Sendable, Hashable {
    /// The most entries an archive may have; 100,000 by default.
    public var maximumEntryCount: Int = 100_000
    /// The most bytes all entries together may extract to; 64 GiB by default.
    public var maximumTotalBytes: UInt64 = 64 << 30
    /// The highest uncompressed-to-compressed size ratio an entry may have; 250 by default
    /// (ordinary text rarely passes 20; deflate's own ceiling is about 1,032).
    public var maximumCompressionRatio: UInt64 = 250
    /// Entries that extract to at most this many bytes are exempt from the ratio check, since
    /// they cannot fill a disk; 1 MiB by default.
    public var ratioExemptBytes: UInt64 = 1 << 20

    /// The default limits.
    public init() {}
}

/// What `ZipExtractor.extract` produced.
public struct ExtractionSummary: Sendable, Hashable {
    /// The number of files written.
    public var fileCount: Int
    /// The number of folder entries in the archive (folders implied by file paths are not counted).
    public var folderCount: Int
    /// The total size of the files written.
    public var totalBytes: UInt64
}

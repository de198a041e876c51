/// One file to put in an archive: its path inside the archive and where its bytes come from.
///
/// ```swift
/// let entries = [
///     ZipEntry.file("images/0001.jpg", from: "/data/frames/0001.jpg"),
///     ZipEntry.text("manifest.json", "{\"count\": 1}\n"),
/// ]
/// ```
public struct ZipEntry: Sendable, Hashable {
    /// Where an entry's bytes come from.
    public enum Source: Sendable, Hashable {
        /// A file on disk, read in chunks while the archive is written (symbolic links are followed).
        case file(String)
        /// Bytes held in memory, for small generated files such as a manifest.
        case bytes([UInt8])
    }

    /// The path inside the archive: relative, `/`-separated, without `.`/`..` or empty components.
    public var path: String
    /// Where the bytes come from.
    public var source: Source

    /// Creates an entry.
    /// - Parameters:
    ///   - path: the path inside the archive.
    ///   - source: where its bytes come from.
    public init(path: String, source: Source) {
        self.path = path
        self.source = source
    }

    /// An entry whose bytes are those of the file at `sourcePath`.
    public static func file(_ path: String, from sourcePath: String) -> ZipEntry {
        ZipEntry(path: path, source: .file(sourcePath))
    }

    /// An entry holding `bytes`.
    public static func bytes(_ path: String, _ bytes: [UInt8]) -> ZipEntry {
        ZipEntry(path: path, source: .bytes(bytes))
    }

    /// An entry holding the UTF-8 encoding of `text`.
    public static func text(_ path: String, _ text: String) -> ZipEntry {
        ZipEntry(path: path, source: .bytes(Array(text.utf8)))
    }
}

/// How `ZipWriter` chooses between storing and compressing, and how it finishes the file.
public struct ZipWriterOptions: Sendable, Hashable {
    /// The deflate level, 1 (fastest) to 9 (smallest); 6 by default. Part of what makes the
    /// output reproducible: the same level and zlib version give the same bytes.
    public var compressionLevel: Int = 6
    /// File name extensions (lowercase, without the dot) of formats that are already compressed:
    /// entries with them are stored without trying deflate.
    public var storedExtensions: Set<String> = [
        "jpg", "jpeg", "png", "webp", "gif", "avif", "heic", "jxl", "zip", "gz", "tgz", "bz2", "xz", "zst", "7z",
        "mp4", "m4v", "mov", "mkv", "webm", "mp3", "m4a", "ogg", "opus", "flac", "safetensors", "ckpt", "pt",
    ]
    /// Deflated data is kept only when it is at least this many percent smaller than the original;
    /// otherwise the entry is stored. 5 by default.
    public var minimumSavingsPercent: Int = 5
    /// Whether the archive (and its folder, after the rename) is flushed to the device with `fsync`,
    /// so that it survives a power loss; false by default. The rename alone already guarantees that
    /// no reader sees a half-written archive; Risa's store flushes what it publishes in groups, so
    /// a step writing into the store leaves this off (an `fsync` per archive costs the whole time
    /// of writing it to disk).
    public var synchronize: Bool = false
    /// The size of the write buffer and of the read chunks, 1 MiB by default.
    public var bufferSize: Int = 1 << 20

    /// The default options.
    public init() {}

    /// Whether an entry at `path` is stored without trying deflate, judged by its extension.
    public func isStoredByExtension(_ path: String) -> Bool {
        guard let dot = path.utf8.lastIndex(of: UInt8(ascii: ".")) else { return false }
        let name = path.utf8[path.utf8.index(after: dot)...]
        guard !name.contains(UInt8(ascii: "/")), name.count <= 16 else { return false }
        return storedExtensions.contains(String(decoding: name, as: UTF8.self).lowercased())
    }
}

/// What `ZipWriter.write` produced.
public struct ZipWriteSummary: Sendable, Hashable {
    /// The number of entries.
    public var entryCount: Int
    /// How many entries were stored (already compressed, or deflate did not save enough).
    public var storedCount: Int
    /// How many entries were deflated.
    public var deflatedCount: Int
    /// The total size of the entries' contents.
    public var uncompressedBytes: UInt64
    /// The size of the archive file.
    public var archiveBytes: UInt64
    /// Whether any ZIP64 record was needed.
    public var usesZip64: Bool
}

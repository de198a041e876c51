import RisaCore
import RisaTags

/// One file of a built dataset as `manifest.json` records it.
public struct ManifestEntry: Hashable, Sendable {
    /// The path inside the dataset folder.
    public var path: String
    /// The file's content digest.
    public var digest: Digest
    /// The size in bytes.
    public var size: Int
    /// Width in pixels.
    public var width: Int
    /// Height in pixels.
    public var height: Int
    /// The caption written beside it, when there is one.
    public var caption: String?
    /// The image's tags with their categories (written column-wise, as in item metadata; the
    /// caption alone cannot say that `sks` is a trigger or `alice` a character).
    public var tags: [Tag]
    /// Where the image came from, oldest first (each a map the steps pass through as is).
    public var provenance: [Value]

    /// An entry with the given fields.
    public init(
        path: String, digest: Digest, size: Int, width: Int, height: Int, caption: String? = nil, tags: [Tag] = [],
        provenance: [Value] = []
    ) {
        self.path = path
        self.digest = digest
        self.size = size
        self.width = width
        self.height = height
        self.caption = caption
        self.tags = tags
        self.provenance = provenance
    }
}

/// `manifest.json` of a built dataset: every file with digest, size, dimensions, caption, tags and
/// provenance, plus free metadata; encoded as pretty canonical JSON with files sorted by path, so the
/// same dataset always gives the same bytes.
public struct DatasetManifest: Hashable, Sendable {
    /// The manifest format version written.
    public static let version = 1
    /// The files, in any order (they are written sorted by path).
    public var entries: [ManifestEntry]
    /// Free metadata (dataset name, pipeline, run id...).
    public var metadata: [String: Value]

    /// A manifest of `entries` with `metadata`.
    public init(entries: [ManifestEntry], metadata: [String: Value] = [:]) {
        self.entries = entries
        self.metadata = metadata
    }

    /// The manifest as a value: `{"version": 1, "metadata": {...}, "files": [...]}`.
    public var value: Value {
        let files = entries.sorted { UTF8Order.precedes($0.path, $1.path) }.map { entry -> Value in
            var map: [String: Value] = [
                "path": .string(entry.path), "digest": .string(entry.digest.description), "size": .int(entry.size),
                "width": .int(entry.width), "height": .int(entry.height), "provenance": .list(entry.provenance),
            ]
            if let caption = entry.caption { map["caption"] = .string(caption) }
            if !entry.tags.isEmpty { map["tags"] = TagMetadata.encode(entry.tags) }
            return .map(map)
        }
        return .map(["version": .int(Self.version), "metadata": .map(metadata), "files": .list(files)])
    }

    /// The `manifest.json` text (pretty canonical JSON, ends with a newline).
    public var json: String { CanonicalJSON.pretty(value) }

    /// Reads a manifest from its value.
    /// - Throws: `DatasetError` (`invalidManifest`) naming the field, e.g. `files[2].digest`.
    public init(value: Value) throws {
        func fail(_ path: String, _ message: String) -> DatasetError {
            DatasetError(.invalidManifest, "manifest.json: \(path): \(message)")
        }
        guard value["version"]?.intValue == Self.version else { throw fail("version", "expected \(Self.version)") }
        guard let files = value["files"]?.listValue else { throw fail("files", "expected a list") }
        metadata = value["metadata"]?.mapValue ?? [:]
        entries = try files.enumerated().map { index, file in
            let path = "files[\(index)]"
            guard let name = file["path"]?.stringValue else { throw fail("\(path).path", "expected a string") }
            guard let text = file["digest"]?.stringValue, let digest = Digest(text) else {
                throw fail("\(path).digest", "expected sha256:<64 hex digits>")
            }
            guard let size = file["size"]?.intValue, let width = file["width"]?.intValue,
                let height = file["height"]?.intValue
            else { throw fail(path, "expected integer size, width and height") }
            let tags: [Tag]
            do {
                tags = try TagMetadata.tags(in: file.mapValue ?? [:])
            } catch let error as TagsError {
                throw fail("\(path).tags", error.message)
            }
            return ManifestEntry(
                path: name, digest: digest, size: size, width: width, height: height,
                caption: file["caption"]?.stringValue, tags: tags, provenance: file["provenance"]?.listValue ?? [])
        }
    }
}

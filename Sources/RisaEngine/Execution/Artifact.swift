import RisaCore
import RisaStore

/// One stored output: a file (blob) or a folder (tree), and where it is published for people.
public struct Artifact: Hashable, Sendable {
    /// What the digest names.
    public enum Kind: String, Hashable, Sendable {
        /// A blob.
        case file
        /// A folder (Merkle tree).
        case tree
        /// An item set: files with per-item metadata, published as a folder.
        case items
    }

    /// File or folder.
    public var kind: Kind
    /// The blob or tree digest.
    public var digest: Digest
    /// Total size in bytes.
    public var size: Int64
    /// The path the step declared, relative to its output folder (`captions/`, `dataset.tar`).
    public var path: String
    /// Whether a file is executable.
    public var executable: Bool

    /// Creates an artifact.
    public init(kind: Kind, digest: Digest, size: Int64, path: String, executable: Bool = false) {
        self.kind = kind
        self.digest = digest
        self.size = size
        self.path = path
        self.executable = executable
    }

    /// The form kept in action records.
    var record: Value {
        .map([
            "kind": .string(kind.rawValue), "digest": .string(digest.description), "size": .int(Int(size)),
            "path": .string(path), "executable": .bool(executable),
        ])
    }

    /// Reads the form kept in action records.
    init?(record: Value) {
        guard let kindText = record["kind"]?.stringValue, let kind = Kind(rawValue: kindText),
            let digestText = record["digest"]?.stringValue, let digest = Digest(digestText),
            let size = record["size"]?.intValue, let path = record["path"]?.stringValue
        else { return nil }
        self.init(
            kind: kind, digest: digest, size: Int64(size), path: path,
            executable: record["executable"]?.boolValue ?? false)
    }
}

/// What one node produced: each output is one artifact, or one per element of a `foreach`.
public struct NodeOutputs: Hashable, Sendable {
    /// An output's value.
    public enum Entry: Hashable, Sendable {
        case single(Artifact)
        case perItem([Artifact])

        /// Every artifact in the entry.
        public var artifacts: [Artifact] {
            switch self {
            case .single(let artifact): return [artifact]
            case .perItem(let artifacts): return artifacts
            }
        }
    }

    /// Outputs by name.
    public var entries: [String: Entry]

    /// Creates outputs.
    public init(_ entries: [String: Entry] = [:]) {
        self.entries = entries
    }
}

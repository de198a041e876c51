import RisaCore

/// One named entry of a `Tree`: a file, a sub-folder (itself a tree) or a symbolic link.
public struct TreeEntry: Hashable, Sendable {
    /// What an entry is.
    public enum Kind: String, Hashable, Sendable {
        /// A regular file, stored as a blob.
        case file
        /// A folder, stored as a tree.
        case directory
        /// A symbolic link to a relative path inside the stored folder.
        case symlink
    }

    /// The entry's name in its folder (one path component).
    public let name: String
    /// What the entry is.
    public let kind: Kind
    /// The blob of a file, the tree of a folder, or the digest of a link's target text.
    public let digest: Digest
    /// Bytes of a file, total bytes of the files under a folder, or bytes of a link's target text.
    public let size: Int64
    /// Whether a file is executable (always false for folders and links).
    public let isExecutable: Bool
    /// The target of a symbolic link, nil otherwise.
    public let symlinkTarget: String?

    /// A file entry.
    /// - Parameters:
    ///   - name: the file's name.
    ///   - digest: the blob holding its bytes.
    ///   - size: its length in bytes.
    ///   - executable: whether it is executable.
    public static func file(_ name: String, digest: Digest, size: Int64, executable: Bool = false) -> TreeEntry {
        TreeEntry(name: name, kind: .file, digest: digest, size: size, isExecutable: executable, symlinkTarget: nil)
    }

    /// A folder entry for `tree`.
    public static func directory(_ name: String, tree: Tree) -> TreeEntry {
        TreeEntry(
            name: name, kind: .directory, digest: tree.digest, size: tree.size, isExecutable: false,
            symlinkTarget: nil)
    }

    /// A symbolic-link entry pointing at the relative path `target`.
    public static func symlink(_ name: String, target: String) -> TreeEntry {
        TreeEntry(
            name: name, kind: .symlink, digest: Digest(ofText: target), size: Int64(target.utf8.count),
            isExecutable: false, symlinkTarget: target)
    }

    /// Appends the entry's canonical JSON (`{"digest":…,"executable":…,"kind":…,"name":…,"size":…}`,
    /// plus `"target"` for a link) to `output`, field by field in the canonical (sorted) order,
    /// without building a `Value`.
    func appendEncoded(to output: inout [UInt8]) {
        output.append(contentsOf: #"{"digest":"sha256:"#.utf8)
        output.append(contentsOf: digest.hex.utf8)
        output.append(contentsOf: #"","executable":"#.utf8)
        output.append(contentsOf: (isExecutable ? "true" : "false").utf8)
        output.append(contentsOf: #","kind":""#.utf8)
        output.append(contentsOf: kind.rawValue.utf8)
        output.append(contentsOf: #"","name":"#.utf8)
        CanonicalJSON.appendString(name, to: &output)
        output.append(contentsOf: #","size":"#.utf8)
        output.append(contentsOf: String(size).utf8)
        if let symlinkTarget {
            output.append(contentsOf: #","target":"#.utf8)
            CanonicalJSON.appendString(symlinkTarget, to: &output)
        }
        output.append(UInt8(ascii: "}"))
    }

    init(name: String, kind: Kind, digest: Digest, size: Int64, isExecutable: Bool, symlinkTarget: String?) {
        self.name = name
        self.kind = kind
        self.digest = digest
        self.size = size
        self.isExecutable = isExecutable
        self.symlinkTarget = symlinkTarget
    }

    init(decoding value: Value, context: String) throws {
        let fields = try EncodedFields(value, context: context)
        guard let kind = Kind(rawValue: try fields.string("kind")) else {
            throw EncodedFields.corrupt("\(context) has an unknown kind")
        }
        let target = kind == .symlink ? try fields.string("target") : nil
        self.init(
            name: try fields.string("name"), kind: kind, digest: try fields.digest("digest"),
            size: Int64(try fields.int("size")), isExecutable: try fields.bool("executable"), symlinkTarget: target)
        if let target, Digest(ofText: target) != digest {
            throw EncodedFields.corrupt("\(context): the digest of symbolic link \(name) does not match its target")
        }
    }
}

import Foundation
import RisaCore

/// The content of a folder as a Merkle tree: entries sorted by name, each naming a blob (file),
/// another tree (sub-folder) or a symbolic link target.
///
/// Its canonical encoding is canonical JSON,
/// `{"$type":"risa.tree/1","entries":[{"digest":…,"executable":…,"kind":…,"name":…,"size":…},…]}`,
/// and its digest is the digest of those bytes, so two folders with the same names, contents,
/// executable bits and links have the same digest on every machine. Trees are stored as blobs.
///
/// ```swift
/// let tree = try store.ingestDirectory(at: outputFolder)
/// print(tree.digest)  // sha256:…
/// ```
public struct Tree: Hashable, Sendable {
    /// The `$type` tag of the encoding.
    public static let type = "risa.tree/1"
    static let openingBytes = Data(#"{"$type":"risa.tree/1""#.utf8)

    /// The entries, sorted by the UTF-8 bytes of their names.
    public let entries: [TreeEntry]
    /// The canonical bytes of the tree.
    public let encoded: Data
    /// The digest of `encoded`: the tree's name in the store.
    public let digest: Digest
    /// The total bytes of the files in the tree and its sub-trees.
    public let size: Int64

    /// Builds a tree from entries in any order.
    /// - Throws: `StoreError` `.invalidPath` when a name is empty, `.`, `..`, contains `/` or NUL or
    ///   appears twice, or when a link target is absolute or empty.
    public init(_ entries: [TreeEntry]) throws {
        // Folder listings arrive sorted already (`POSIX.directoryEntries`): checking costs one pass,
        // and in sorted order a repeated name is next to itself, so no set of names is needed.
        let isSorted = zip(entries, entries.dropFirst()).allSatisfy { !UTF8Order.precedes($1.name, $0.name) }
        let sorted = isSorted ? entries : entries.sorted { UTF8Order.precedes($0.name, $1.name) }
        for (index, entry) in sorted.enumerated() {
            guard Paths.isValidEntryName(entry.name) else {
                throw StoreError(.invalidPath, "\"\(entry.name)\" cannot be the name of a file in a folder")
            }
            guard index == 0 || sorted[index - 1].name != entry.name else {
                throw StoreError(.invalidPath, "the name \"\(entry.name)\" appears twice in one folder")
            }
            if let target = entry.symlinkTarget {
                guard !target.isEmpty, !target.hasPrefix("/"), !target.utf8.contains(0) else {
                    throw StoreError(
                        .invalidPath, "the symbolic link \(entry.name) must point to a relative path, not \"\(target)\""
                    )
                }
            }
        }
        self.entries = sorted
        // The canonical JSON of {"$type": type, "entries": [entry, ...]}, written directly.
        var bytes: [UInt8] = []
        bytes.reserveCapacity(64 + self.entries.count * 160)
        bytes.append(contentsOf: Self.openingBytes)
        bytes.append(contentsOf: #","entries":["#.utf8)
        for (index, entry) in self.entries.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            entry.appendEncoded(to: &bytes)
        }
        bytes.append(contentsOf: "]}".utf8)
        self.encoded = Data(bytes)
        self.digest = Digest(of: encoded)
        self.size = self.entries.reduce(0) { $0 + ($1.kind == .symlink ? 0 : $1.size) }
    }

    /// Reads a tree from its canonical bytes.
    /// - Throws: `StoreError` `.corrupt` when the bytes are not a canonically encoded tree.
    public init(decoding data: Data) throws {
        let fields = try EncodedFields.document(data, type: Self.type, context: "tree")
        let entries = try fields.list("entries").enumerated().map { index, value in
            try TreeEntry(decoding: value, context: "tree entry \(index)")
        }
        try self.init(entries)
        guard encoded == data else {
            throw StoreError(.corrupt, "tree \(Digest(of: data)) is not in canonical form")
        }
    }

    /// The entry called `name`, if any.
    public subscript(name: String) -> TreeEntry? {
        entries.first { $0.name == name }
    }

    /// The digests this tree refers to that are stored as blobs (files and sub-trees; a link's
    /// digest names its target text, which is not stored).
    var referencedBlobs: [Digest] {
        entries.filter { $0.kind != .symlink }.map(\.digest)
    }
}

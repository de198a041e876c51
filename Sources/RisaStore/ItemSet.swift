import Foundation
import RisaCore

/// One item of an `ItemSet`: a stored file with a relative path and the metadata that travels with it.
public struct Item: Hashable, Sendable {
    /// The item's relative path (components separated by `/`), used when it is materialised.
    public let name: String
    /// The blob holding the item's bytes.
    public let digest: Digest
    /// The item's length in bytes.
    public let size: Int64
    /// Provenance, tags, dimensions and anything else steps attach to the item.
    public let metadata: [String: Value]

    /// Creates an item.
    /// - Parameters:
    ///   - name: relative path such as `frames/0001.png`.
    ///   - digest: the blob holding the bytes.
    ///   - size: the length in bytes.
    ///   - metadata: values travelling with the item.
    public init(name: String, digest: Digest, size: Int64, metadata: [String: Value] = [:]) {
        self.name = name
        self.digest = digest
        self.size = size
        self.metadata = metadata
    }

    /// Appends the item's canonical JSON (`{"digest":…,"metadata":…,"name":…,"size":…}`) to
    /// `output`, field by field in the canonical (sorted) order, without building a `Value`.
    func appendEncoded(to output: inout [UInt8]) {
        output.append(contentsOf: #"{"digest":"sha256:"#.utf8)
        output.append(contentsOf: digest.hex.utf8)
        output.append(contentsOf: #"","metadata":"#.utf8)
        CanonicalJSON.append(.map(metadata), to: &output)
        output.append(contentsOf: #","name":"#.utf8)
        CanonicalJSON.appendString(name, to: &output)
        output.append(contentsOf: #","size":"#.utf8)
        output.append(contentsOf: String(size).utf8)
        output.append(UInt8(ascii: "}"))
    }
}

/// An ordered list of items (images, clips, captions…) that a step consumes or produces as one
/// value, stored as a blob like a tree.
///
/// The canonical encoding keeps the order:
/// `{"$type":"risa.itemset/1","items":[{"digest":…,"metadata":{…},"name":…,"size":…},…]}`;
/// the digest is the digest of those bytes.
///
/// ```swift
/// let set = try ItemSet([Item(name: "a.png", digest: d, size: 10, metadata: ["width": .int(512)])])
/// let digest = try store.store(set)
/// ```
public struct ItemSet: Hashable, Sendable {
    /// The `$type` tag of the encoding.
    public static let type = "risa.itemset/1"
    static let openingBytes = Data(#"{"$type":"risa.itemset/1""#.utf8)

    /// The items, in order.
    public let items: [Item]
    /// The canonical bytes of the set.
    public let encoded: Data
    /// The digest of `encoded`: the set's name in the store.
    public let digest: Digest

    /// Builds an item set, keeping the order of `items`.
    /// - Throws: `StoreError` `.invalidPath` when a name is not a clean relative path, appears
    ///   twice, or is both a file and the folder of another item (`a` and `a/b`).
    public init(_ items: [Item]) throws {
        var names = Set<String>(minimumCapacity: items.count)
        var folders = Set<String>()
        for item in items {
            guard Self.isRelativePath(item.name, folders: &folders) else {
                throw StoreError(.invalidPath, "\"\(item.name)\" is not a relative path an item can have")
            }
            guard names.insert(item.name).inserted else {
                throw StoreError(.invalidPath, "the item name \"\(item.name)\" appears twice in one item set")
            }
        }
        if let clash = names.intersection(folders).first {
            throw StoreError(.invalidPath, "\"\(clash)\" is both an item and the folder of another item")
        }
        self.items = items
        // The canonical JSON of {"$type": type, "items": [item, ...]}, written directly.
        var bytes: [UInt8] = []
        bytes.reserveCapacity(64 + items.count * 160)
        bytes.append(contentsOf: Self.openingBytes)
        bytes.append(contentsOf: #","items":["#.utf8)
        for (index, item) in items.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            item.appendEncoded(to: &bytes)
        }
        bytes.append(contentsOf: "]}".utf8)
        self.encoded = Data(bytes)
        self.digest = Digest(of: encoded)
    }

    /// Whether `name` is a clean relative path (components that are valid entry names, see
    /// `Paths.isValidEntryName`), checked in one pass over its bytes; adds the folders it lies in.
    private static func isRelativePath(_ name: String, folders: inout Set<String>) -> Bool {
        let bytes = name.utf8
        var start = bytes.startIndex
        var index = start
        while true {
            if index == bytes.endIndex || bytes[index] == UInt8(ascii: "/") {
                let component = bytes[start..<index]
                let dot = UInt8(ascii: ".")
                if component.isEmpty || component.elementsEqual([dot]) || component.elementsEqual([dot, dot]) {
                    return false
                }
                if index == bytes.endIndex { return true }
                folders.insert(String(name[..<index]))
                start = bytes.index(after: index)
            } else if bytes[index] == 0 {
                return false
            }
            index = bytes.index(after: index)
        }
    }

    /// Reads an item set from its canonical bytes.
    /// - Throws: `StoreError` `.corrupt` when the bytes are not a canonically encoded item set.
    public init(decoding data: Data) throws {
        try self.init(Self.decodeItems(data))
        guard encoded == data else {
            throw StoreError(.corrupt, "item set \(Digest(of: data)) is not in canonical form")
        }
    }

    /// Reads an item set from stored bytes the caller found to hash to `digest`: bytes stored under
    /// their digest were made by `encoded`, so they are not encoded again to check their form
    /// (which doubled the cost of reading a set of 10,000 items).
    init(storedBytes data: Data, digest: Digest) throws {
        self.items = try Self.decodeItems(data)
        self.encoded = data
        self.digest = digest
    }

    private static func decodeItems(_ data: Data) throws -> [Item] {
        let fields = try EncodedFields.document(data, type: Self.type, context: "item set")
        return try fields.list("items").enumerated().map { index, value in
            let item = try EncodedFields(value, context: "item \(index)")
            return Item(
                name: try item.string("name"), digest: try item.digest("digest"), size: Int64(try item.int("size")),
                metadata: try item.map("metadata"))
        }
    }

    /// The total bytes of the items.
    public var size: Int64 {
        items.reduce(0) { $0 + $1.size }
    }
}

import Foundation
import RisaCore

import struct Crypto.SHA256

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
    /// The canonical bytes: as read from the store, or as written in blocks by `init(_:)`.
    private let encoding: Encoding
    /// The digest of `encoded`: the set's name in the store.
    public let digest: Digest

    private enum Encoding: Sendable {
        case data(Data)
        /// Consecutive pieces of the bytes (a set of 100,000 items is 100-300 MB: it is written and
        /// hashed piece by piece rather than copied into one buffer).
        case blocks([[UInt8]], count: Int)
    }

    /// The canonical bytes of the set.
    public var encoded: Data {
        switch encoding {
        case .data(let data): return data
        case .blocks(let blocks, let count):
            var data = Data(capacity: count)
            for block in blocks { data.append(contentsOf: block) }
            return data
        }
    }

    /// The length of `encoded` in bytes.
    public var encodedCount: Int {
        switch encoding {
        case .data(let data): return data.count
        case .blocks(_, let count): return count
        }
    }

    /// Calls `body` with each consecutive piece of `encoded`, in order.
    public func forEachEncodedPiece(_ body: (UnsafeRawBufferPointer) throws -> Void) rethrows {
        switch encoding {
        case .data(let data): try data.withUnsafeBytes(body)
        case .blocks(let blocks, _): for block in blocks { try block.withUnsafeBytes(body) }
        }
    }

    /// Sets are equal when their canonical bytes are (the digest names them).
    public static func == (lhs: ItemSet, rhs: ItemSet) -> Bool { lhs.digest == rhs.digest }

    public func hash(into hasher: inout Hasher) { hasher.combine(digest) }

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
        let blocks = Self.encode(items)
        var hasher = SHA256()
        var count = 0
        for block in blocks {
            hasher.update(data: block)
            count += block.count
        }
        self.encoding = .blocks(blocks, count: count)
        self.digest = Digest(hasher.finalize())
    }

    /// The canonical JSON of `{"$type": type, "items": [item, ...]}`, written directly in blocks of
    /// about a megabyte; a large set is written in chunks on every core (growing one array of
    /// 100-300 MB copied it a dozen times).
    private static func encode(_ items: [Item]) -> [[UInt8]] {
        let blockSize = 1 << 20
        let chunks = ParallelChunks.map(items, minimumChunk: 4_000) { slice -> [[UInt8]] in
            var blocks: [[UInt8]] = []
            var block: [UInt8] = []
            block.reserveCapacity(blockSize)
            for (position, item) in zip(slice.indices, slice) {
                if position > 0 { block.append(UInt8(ascii: ",")) }
                item.appendEncoded(to: &block)
                if block.count >= blockSize - 4096 {
                    blocks.append(block)
                    block = []
                    block.reserveCapacity(blockSize)
                }
            }
            blocks.append(block)
            return blocks
        }
        return [Array(Self.openingBytes) + Array(#","items":["#.utf8)] + chunks.joined() + [Array("]}".utf8)]
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
        self.encoding = .data(data)
        self.digest = digest
    }

    private static func decodeItems(_ data: Data) throws -> [Item] {
        let fields = try EncodedFields.document(data, type: Self.type, context: "item set")
        // A slice keeps the positions of the whole list, so messages name the item's index.
        return try ParallelChunks.map(fields.list("items"), minimumChunk: 4_000) { slice in
            try zip(slice.indices, slice).map { index, value in
                let item = try EncodedFields(value, context: "item \(index)")
                return Item(
                    name: try item.string("name"), digest: try item.digest("digest"),
                    size: Int64(try item.int("size")), metadata: try item.map("metadata"))
            }
        }.flatMap { $0 }
    }

    /// The total bytes of the items.
    public var size: Int64 {
        items.reduce(0) { $0 + $1.size }
    }
}

import Foundation

/// Strings numbered in the order they were added (0, 1, 2, ...), found by their UTF-8 bytes with
/// an FNV-1a hash and open addressing: cheaper than a `[String: Int32]` for the short names that
/// tag steps and the JSON parser look up millions of times (no `Hasher` set-up, one byte loop).
///
/// Each string is stored as the table's own copy, so strings handed out by a table used on one
/// thread never share reference counts with other threads' strings.
///
/// In front of the table sits a small cache keyed by a string's representation (its two machine
/// words: the characters themselves for a string of up to 15 bytes, else its storage and length).
/// Strings read from a stored item set repeat the same few thousand storages (the JSON parser
/// shares repeated strings), so most lookups are answered without reading the bytes. The cache
/// keeps the strings it was asked about alive, so a storage it knows cannot be freed and reused
/// for other text while its entry stands.
public struct StringTable: Sendable {
    private var slots: [Int32] = []
    private var hashes: [UInt64] = []
    private var strings: [String] = []
    private var recent: [RecentEntry] = []

    private struct RecentEntry: Sendable {
        var text: String
        var id: Int32
    }

    private static let recentSize = 4096

    /// An empty table.
    public init() {}

    /// How many strings the table holds.
    public var count: Int { strings.count }

    /// The string numbered `id`.
    public subscript(id: Int32) -> String { strings[Int(id)] }

    /// The number of `text`, adding it when new.
    public mutating func id(_ text: String) -> Int32 {
        let words = unsafeBitCast(text, to: (UInt64, UInt64).self)
        let mixed = (words.0 ^ (words.1 &* 0x9E37_79B9_7F4A_7C15)) &* 0xBF58_476D_1CE4_E5B9
        let slot = Int(truncatingIfNeeded: mixed >> 40) & (Self.recentSize - 1)
        if !recent.isEmpty, recent[slot].id >= 0 {
            let known = unsafeBitCast(recent[slot].text, to: (UInt64, UInt64).self)
            if known == words { return recent[slot].id }
        }
        var copy = text
        let id = copy.withUTF8 { bytes in
            let hash = Self.hash(bytes)
            if let found = find(bytes, hash: hash) { return found }
            return insert(String(decoding: bytes, as: UTF8.self), hash: hash)
        }
        if recent.isEmpty { recent = Array(repeating: RecentEntry(text: "", id: -1), count: Self.recentSize) }
        recent[slot] = RecentEntry(text: text, id: id)
        return id
    }

    /// The number of the string whose UTF-8 bytes are `bytes`, if the table has it.
    func find(_ bytes: UnsafeBufferPointer<UInt8>, hash: UInt64) -> Int32? {
        guard !slots.isEmpty else { return nil }
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash ^ (hash >> 29)) & mask
        while slots[slot] >= 0 {
            let position = Int(slots[slot])
            if hashes[position] == hash, Self.equal(strings[position], bytes) { return Int32(position) }
            slot = (slot + 1) & mask
        }
        return nil
    }

    /// Adds `text` (not in the table yet, hashing to `hash`) and returns its number.
    mutating func insert(_ text: String, hash: UInt64) -> Int32 {
        if slots.isEmpty { slots = Array(repeating: -1, count: 1024) }
        if (strings.count + 1) * 2 > slots.count { grow() }
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash ^ (hash >> 29)) & mask
        while slots[slot] >= 0 { slot = (slot + 1) & mask }
        let id = Int32(strings.count)
        slots[slot] = id
        hashes.append(hash)
        strings.append(text)
        return id
    }

    /// The FNV-1a hash of `bytes`.
    static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        return hash
    }

    private static func equal(_ text: String, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        text.utf8.withContiguousStorageIfAvailable { stored in
            stored.count == bytes.count && memcmp(stored.baseAddress!, bytes.baseAddress!, bytes.count) == 0
        } ?? text.utf8.elementsEqual(bytes)
    }

    /// Doubles the slot table and re-places every string.
    private mutating func grow() {
        slots = Array(repeating: -1, count: slots.count * 2)
        let mask = slots.count - 1
        for (position, hash) in hashes.enumerated() {
            var slot = Int(truncatingIfNeeded: hash ^ (hash >> 29)) & mask
            while slots[slot] >= 0 { slot = (slot + 1) & mask }
            slots[slot] = Int32(position)
        }
    }
}

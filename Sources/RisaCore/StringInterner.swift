/// Makes strings from ASCII bytes, giving equal byte runs one shared string: a parser reading
/// 100,000 items that repeat a few thousand tag names then holds a few thousand string storages
/// instead of millions, and skips the allocation for each repeat.
///
/// Strings of up to 15 bytes are stored inline by Swift (no allocation), and long ones (digests,
/// captions) rarely repeat, so only lengths in `internedLengths` go through the table; it stops
/// taking new strings at `capacityLimit` entries so a document of unique strings costs little.
struct StringInterner {
    static let internedLengths = 16...64
    static let capacityLimit = 1 << 16

    private var slots: [Int32] = []
    private var hashes: [UInt64] = []
    private var strings: [String] = []

    /// The string of `bytes`, which must be ASCII.
    mutating func string(asciiBytes bytes: UnsafeBufferPointer<UInt8>) -> String {
        guard Self.internedLengths.contains(bytes.count) else { return String(decoding: bytes, as: UTF8.self) }
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        if slots.isEmpty { slots = Array(repeating: -1, count: 1024) }
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash ^ (hash >> 29)) & mask
        while slots[slot] >= 0 {
            let position = Int(slots[slot])
            if hashes[position] == hash, Self.equal(strings[position], bytes) { return strings[position] }
            slot = (slot + 1) & mask
        }
        let text = String(decoding: bytes, as: UTF8.self)
        guard strings.count < Self.capacityLimit else { return text }
        slots[slot] = Int32(strings.count)
        hashes.append(hash)
        strings.append(text)
        if strings.count * 2 > slots.count { grow() }
        return text
    }

    private static func equal(_ text: String, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        text.utf8.withContiguousStorageIfAvailable { stored in
            stored.count == bytes.count && stored.elementsEqual(bytes)
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

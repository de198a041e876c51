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

    private var table = StringTable()

    /// The string of `bytes`, which must be ASCII.
    mutating func string(asciiBytes bytes: UnsafeBufferPointer<UInt8>) -> String {
        guard Self.internedLengths.contains(bytes.count) else { return String(decoding: bytes, as: UTF8.self) }
        let hash = StringTable.hash(bytes)
        if let found = table.find(bytes, hash: hash) { return table[found] }
        let text = String(decoding: bytes, as: UTF8.self)
        if table.count < Self.capacityLimit { _ = table.insert(text, hash: hash) }
        return text
    }
}

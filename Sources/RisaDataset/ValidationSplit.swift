import RisaCore

/// SplitMix64 (Steele, Lea and Flood): a small seeded generator, the same sequence for a seed on
/// every machine and Swift version (Swift's own generator is unseeded).
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    /// A generator starting from `seed`.
    public init(seed: UInt64) {
        state = seed
    }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var mixed = state
        mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
        mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
        return mixed ^ (mixed >> 31)
    }

    /// A number in `0 ..< bound` without modulo bias (Lemire's method).
    public mutating func next(below bound: UInt64) -> UInt64 {
        precondition(bound > 0, "bound must be positive")
        var product = next().multipliedFullWidth(by: bound)
        if product.low < bound {
            let threshold = (0 &- bound) % bound
            while product.low < threshold { product = next().multipliedFullWidth(by: bound) }
        }
        return product.high
    }
}

/// A deterministic training/validation split: the same items, fraction and seed always give the
/// same split, whatever order the items come in.
public enum ValidationSplit {
    /// Splits `items`: they are sorted by `key` (use the content digest), shuffled by a
    /// Fisher-Yates pass driven by `SplitMix64(seed)`, and the first `round(count * fraction)` go to
    /// validation. Both parts come back sorted by key.
    /// - Parameters:
    ///   - items: the items.
    ///   - fraction: the validation share, at least 0 and below 1.
    ///   - seed: the seed.
    ///   - key: a unique, stable key per item (a digest).
    /// - Throws: `DatasetError` (`invalidConfig`) when `fraction` is out of range.
    public static func split<Item>(
        _ items: [Item], fraction: Double, seed: UInt64, key: (Item) -> String
    ) throws
        -> (training: [Item], validation: [Item])
    {
        guard fraction >= 0, fraction < 1 else {
            throw DatasetError(.invalidConfig, "validation_split: must be at least 0 and below 1, not \(fraction)")
        }
        let keyed = items.map { (key: key($0), item: $0) }.sorted { UTF8Order.precedes($0.key, $1.key) }
        var order = Array(keyed.indices)
        var generator = SplitMix64(seed: seed)
        if order.count > 1 {
            for index in stride(from: order.count - 1, to: 0, by: -1) {
                let other = Int(generator.next(below: UInt64(index + 1)))
                order.swapAt(index, other)
            }
        }
        let validationCount = Int((Double(keyed.count) * fraction).rounded())
        let validationIndices = Set(order.prefix(validationCount))
        var training: [Item] = []
        var validation: [Item] = []
        for (index, entry) in keyed.enumerated() {
            if validationIndices.contains(index) { validation.append(entry.item) } else { training.append(entry.item) }
        }
        return (training, validation)
    }
}

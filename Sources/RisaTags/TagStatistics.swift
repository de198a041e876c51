import RisaCore

/// How often each tag occurs, per category, over a list of tagged items (`risa tags stats`).
public struct TagStatistics: Hashable, Sendable {
    /// One tag and the number of items that have it.
    public struct Entry: Hashable, Sendable {
        /// The tag name.
        public let name: String
        /// How many items have it.
        public let count: Int
    }

    /// How many items were counted.
    public private(set) var itemCount = 0
    /// Per category, per tag name, how many items have the tag (an item counts once per tag).
    public private(set) var counts: [TagCategory: [String: Int]] = [:]

    /// Empty statistics.
    public init() {}

    /// The statistics of `items`, each one item's tags.
    public init(items: [[Tag]]) {
        for tags in items { add(tags) }
    }

    /// Counts one more item.
    public mutating func add(_ tags: [Tag]) {
        itemCount += 1
        var seen = Set<String>()
        for tag in tags where seen.insert(tag.category.rawValue + "\u{0}" + tag.name).inserted {
            counts[tag.category, default: [:]][tag.name, default: 0] += 1
        }
    }

    /// The tags of `category`, most frequent first, equal counts by name; at most `limit` when given.
    public func top(_ category: TagCategory, limit: Int? = nil) -> [Entry] {
        let sorted = (counts[category] ?? [:]).map { Entry(name: $0.key, count: $0.value) }.sorted {
            $0.count != $1.count ? $0.count > $1.count : $0.name < $1.name
        }
        guard let limit else { return sorted }
        return Array(sorted.prefix(limit))
    }

    /// The statistics as a value: `{"items": N, "categories": {category: {name: count}}}`.
    public var value: Value {
        var categories: [String: Value] = [:]
        for (category, names) in counts {
            categories[category.rawValue] = .map(names.mapValues { .int($0) })
        }
        return .map(["items": .int(itemCount), "categories": .map(categories)])
    }
}

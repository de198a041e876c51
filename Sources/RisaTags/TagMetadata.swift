import RisaCore

/// The canonical encoding of tags and captions in item metadata, the `[String: Value]` each image
/// carries through the engine.
///
/// `metadata["tags"]` holds the tags column-wise, in the tags' order: `names` and `categories`
/// (lists of strings of the same length), `scores` (a list of numbers or nulls, only when some tag
/// has a score), and either `source` (one string, when every tag came from the same place) or
/// `sources` (a list of strings or nulls). For example
/// `{"categories": ["character", "general"], "names": ["hatsune miku", "1girl"], "scores": [0.97, 0.99], "source": "wd14"}`.
/// Column-wise, 100,000 images of 30 tags are 300,000 lists rather than 3,000,000 maps, which is
/// what keeps a tag step over such a set well under a second. `metadata["caption"]` is the caption
/// line as a string.
///
/// The earlier encoding, a list of `{name, category, score?, source?}` maps, is still read.
public enum TagMetadata {
    /// The metadata key of the tags.
    public static let tagsKey = "tags"
    /// The metadata key of the caption.
    public static let captionKey = "caption"

    /// The tags of `metadata`, or an empty list when it has none.
    /// - Throws: `TagsError` (`invalidMetadata`) naming the field or element that is malformed.
    public static func tags(in metadata: [String: Value]) throws -> [Tag] {
        var tags: [Tag] = []
        try forEachTag(in: metadata) { name, category, score, source in
            tags.append(Tag(name, category: category, score: score, source: source))
        }
        return tags
    }

    /// Calls `body` with the fields of each tag of `metadata`, in order, without building `Tag`s
    /// (a tag step over 100,000 images turns names into numbers as it reads them).
    /// - Throws: `TagsError` (`invalidMetadata`) naming the field or element that is malformed.
    public static func forEachTag(
        in metadata: [String: Value], _ body: (String, TagCategory, Double?, String?) throws -> Void
    ) throws {
        switch metadata[tagsKey] {
        case nil, .null?: return
        case .map(let columns)?: try decodeColumns(columns, body)
        case .list(let items)?:
            for (index, item) in items.enumerated() {
                let tag = try Tag.decode(item, path: "metadata.tags[\(index)]")
                try body(tag.name, tag.category, tag.score, tag.source)
            }
        default:
            throw TagsError(.invalidMetadata, "metadata.tags: expected a map of tag columns (names, categories, ...)")
        }
    }

    /// The tag names of `metadata` in order, without decoding the rest (for summaries and diffs);
    /// empty when it has no readable tags.
    public static func tagNames(in metadata: [String: Value]) -> [String] {
        switch metadata[tagsKey] {
        case .map(let columns)?: return (columns["names"]?.listValue ?? []).compactMap(\.stringValue)
        case .list(let items)?: return items.compactMap { $0["name"]?.stringValue }
        default: return []
        }
    }

    /// `metadata` with its tags replaced by `tags`.
    public static func setting(_ tags: [Tag], in metadata: [String: Value]) -> [String: Value] {
        var result = metadata
        result[tagsKey] = encode(tags)
        return result
    }

    /// The metadata value of `tags`.
    public static func encode(_ tags: [Tag]) -> Value {
        var cache = ColumnCache(remembering: false)
        return encode(
            count: tags.count, name: { tags[$0].name }, category: { tags[$0].category }, score: { tags[$0].score },
            source: { tags[$0].source }, cache: &cache)
    }

    /// The metadata value of `count` tags whose fields the closures give by position.
    /// - Parameter cache: lists of categories and of sources made for earlier images; an image
    ///   with the same sequence gets the same list (one storage for every image that has it).
    public static func encode(
        count: Int, name: (Int) -> String, category: (Int) -> TagCategory, score: (Int) -> Double?,
        source: (Int) -> String?, cache: inout ColumnCache
    ) -> Value {
        var names: [Value] = []
        names.reserveCapacity(count)
        var hasScores = false
        cache.key.removeAll(keepingCapacity: true)
        for index in 0..<count {
            names.append(.string(name(index)))
            if cache.remembers { cache.key.append(UInt8(category(index).index)) }
            if !hasScores, score(index) != nil { hasScores = true }
        }
        let categories = cache.list(for: cache.key, in: \.categories) {
            .list((0..<count).map { .string(category($0).rawValue) })
        }
        var columns: [String: Value] = ["names": .list(names), "categories": categories]
        if hasScores { columns["scores"] = .list((0..<count).map { score($0).map(Value.number) ?? .null }) }
        let first = count > 0 ? source(0) : nil
        if let first, (1..<count).allSatisfy({ source($0) == first }) {
            columns["source"] = .string(first)
        } else if (0..<count).contains(where: { source($0) != nil }) {
            if cache.remembers { cache.keyForSources(count: count, source: source) }
            columns["sources"] = cache.list(for: cache.key, in: \.sources) {
                .list((0..<count).map { source($0).map(Value.string) ?? .null })
            }
        }
        return .map(columns)
    }

    /// Column lists already made, by content (see `encode(count:name:category:score:source:cache:)`).
    /// Bounded: past `limit` distinct lists of a kind it starts again empty.
    public struct ColumnCache {
        static let limit = 4096
        /// Whether lists are kept for later images (a cache for one image only makes them).
        fileprivate let remembers: Bool
        fileprivate var categories: [[UInt8]: Value] = [:]
        fileprivate var sources: [[UInt8]: Value] = [:]
        fileprivate var key: [UInt8] = []

        /// An empty cache.
        public init() {
            self.init(remembering: true)
        }

        fileprivate init(remembering: Bool) {
            remembers = remembering
        }

        /// Sets `key` to each tag's source as its position among the distinct sources, then those
        /// sources.
        fileprivate mutating func keyForSources(count: Int, source: (Int) -> String?) {
            key.removeAll(keepingCapacity: true)
            var distinct: [String?] = []
            for index in 0..<count {
                let text = source(index)
                if let position = distinct.firstIndex(where: { $0 == text }), position < 255 {
                    key.append(UInt8(position))
                } else {
                    key.append(UInt8(min(distinct.count, 255)))
                    distinct.append(text)
                }
            }
            for text in distinct {
                key.append(text == nil ? 1 : 2)
                key += Array((text ?? "").utf8) + [0]
            }
        }

        fileprivate mutating func list(
            for key: [UInt8], in table: WritableKeyPath<ColumnCache, [[UInt8]: Value]>, make: () -> Value
        ) -> Value {
            guard remembers else { return make() }
            if let known = self[keyPath: table][key] { return known }
            let made = make()
            if self[keyPath: table].count >= Self.limit { self[keyPath: table].removeAll(keepingCapacity: true) }
            self[keyPath: table][key] = made
            return made
        }
    }

    /// The caption of `metadata`, when it has one.
    public static func caption(in metadata: [String: Value]) -> String? {
        metadata[captionKey]?.stringValue
    }

    /// `metadata` with its caption set to `caption`.
    public static func setting(caption: String, in metadata: [String: Value]) -> [String: Value] {
        var result = metadata
        result[captionKey] = .string(caption)
        return result
    }

    private static func decodeColumns(
        _ columns: [String: Value], _ body: (String, TagCategory, Double?, String?) throws -> Void
    ) throws {
        // One pass over the (few) columns instead of a hashed lookup per column name.
        var names: [Value]?
        var categoryColumn: Value?
        var scoreColumn: Value?
        var sourceColumn: Value?
        var sharedSource: String?
        for (key, value) in columns {
            switch key {
            case "names":
                guard case .list(let list) = value else {
                    throw TagsError(.invalidMetadata, "metadata.tags.names: expected a list of strings")
                }
                names = list
            case "categories": categoryColumn = value
            case "scores": scoreColumn = value
            case "sources": sourceColumn = value
            case "source":
                switch value {
                case .null: break
                case .string(let text): sharedSource = text
                default: throw TagsError(.invalidMetadata, "metadata.tags.source: expected a string")
                }
            default: break
            }
        }
        guard let names else { throw TagsError(.invalidMetadata, "metadata.tags.names: expected a list of strings") }
        let categories = try column(categoryColumn, "categories", count: names.count)
        let scores = try column(scoreColumn, "scores", count: names.count)
        let sources = try column(sourceColumn, "sources", count: names.count)
        // Reads the columns in place (a set of 100,000 images has 3 million tags: every copy of
        // an element or a column costs reference counting).
        try names.withUnsafeBufferPointer { names in
            for index in names.indices {
                guard case .string(let name) = names[index], !name.isEmpty else {
                    throw TagsError(.invalidMetadata, "metadata.tags.names[\(index)]: expected a non-empty string")
                }
                var category = TagCategory.general
                if let categories {
                    guard case .string(let text) = categories[index], let parsed = TagCategory.named(text) else {
                        throw TagsError(
                            .invalidMetadata,
                            "metadata.tags.categories[\(index)]: expected one of "
                                + TagCategory.allCases.map(\.rawValue).joined(separator: ", "))
                    }
                    category = parsed
                }
                var score: Double?
                if let scores {
                    switch scores[index] {
                    case .number(let number): score = number
                    case .int(let number): score = Double(number)
                    case .null: break
                    default:
                        throw TagsError(.invalidMetadata, "metadata.tags.scores[\(index)]: expected a number or null")
                    }
                }
                var source = sharedSource
                if let sources {
                    switch sources[index] {
                    case .string(let text): source = text
                    case .null: break
                    default:
                        throw TagsError(.invalidMetadata, "metadata.tags.sources[\(index)]: expected a string or null")
                    }
                }
                try body(name, category, score, source)
            }
        }
    }

    /// The optional list column `name`, which must have one element per tag.
    private static func column(_ value: Value?, _ name: String, count: Int) throws -> [Value]? {
        switch value {
        case nil, .null?: return nil
        case .list(let list)? where list.count == count: return list
        default:
            throw TagsError(
                .invalidMetadata, "metadata.tags.\(name): expected a list of \(count) elements, one per name")
        }
    }
}

extension Tag {
    /// This tag as a map: `name`, `category`, and `score` / `source` when set (the form of tag
    /// files such as `risa tags export`'s JSON; item metadata uses `TagMetadata.encode`).
    public var encoded: Value {
        var entries: [String: Value] = ["name": .string(name), "category": .string(category.rawValue)]
        if let score { entries["score"] = .number(score) }
        if let source { entries["source"] = .string(source) }
        return .map(entries)
    }

    /// Reads a tag from its map (`encoded`'s form; an int score is accepted too).
    /// - Parameters:
    ///   - value: the map.
    ///   - path: where the value sits, for the error message.
    /// - Throws: `TagsError` (`invalidMetadata`) naming `path` and the field.
    public static func decode(_ value: Value, path: String = "tag") throws -> Tag {
        guard case .map(let entries) = value else {
            throw TagsError(.invalidMetadata, "\(path): expected a map with name and category")
        }
        guard let name = entries["name"]?.stringValue, !name.isEmpty else {
            throw TagsError(.invalidMetadata, "\(path).name: expected a non-empty string")
        }
        var category = TagCategory.general
        if let raw = entries["category"] {
            guard let text = raw.stringValue, let parsed = TagCategory(rawValue: text) else {
                throw TagsError(
                    .invalidMetadata,
                    "\(path).category: expected one of \(TagCategory.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            category = parsed
        }
        var score: Double?
        if let raw = entries["score"], raw != .null {
            guard let number = raw.doubleValue else {
                throw TagsError(.invalidMetadata, "\(path).score: expected a number")
            }
            score = number
        }
        var source: String?
        if let raw = entries["source"], raw != .null {
            guard let text = raw.stringValue else {
                throw TagsError(.invalidMetadata, "\(path).source: expected a string")
            }
            source = text
        }
        return Tag(name, category: category, score: score, source: source)
    }
}

import RisaCore

/// The canonical encoding of tags and captions in item metadata, the `[String: Value]` each image
/// carries through the engine.
///
/// `metadata["tags"]` is a list of maps in the tags' order, each with `name` and `category`
/// (strings), `score` (a number, only when there is one) and `source` (a string, only when there is
/// one). `metadata["caption"]` is the caption line as a string.
public enum TagMetadata {
    /// The metadata key of the tag list.
    public static let tagsKey = "tags"
    /// The metadata key of the caption.
    public static let captionKey = "caption"

    /// The tags of `metadata`, or an empty list when it has none.
    /// - Throws: `TagsError` (`invalidMetadata`) naming the element that is malformed.
    public static func tags(in metadata: [String: Value]) throws -> [Tag] {
        guard let value = metadata[tagsKey] else { return [] }
        guard case .list(let items) = value else {
            throw TagsError(.invalidMetadata, "metadata.tags: expected a list of tags")
        }
        var tags: [Tag] = []
        tags.reserveCapacity(items.count)
        for (index, item) in items.enumerated() {
            tags.append(try Tag.decode(item, path: "metadata.tags[\(index)]"))
        }
        return tags
    }

    /// `metadata` with its tag list replaced by `tags`.
    public static func setting(_ tags: [Tag], in metadata: [String: Value]) -> [String: Value] {
        var result = metadata
        result[tagsKey] = .list(tags.map(\.encoded))
        return result
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
}

extension Tag {
    /// This tag as a metadata map: `name`, `category`, and `score` / `source` when set.
    public var encoded: Value {
        var entries: [String: Value] = ["name": .string(name), "category": .string(category.rawValue)]
        if let score { entries["score"] = .number(score) }
        if let source { entries["source"] = .string(source) }
        return .map(entries)
    }

    /// Reads a tag from its metadata map (`encoded`'s form; an int score is accepted too).
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

/// One tag of one image: a name, its category, and optionally the tagger's confidence and where
/// the tag came from.
public struct Tag: Hashable, Sendable, CustomStringConvertible {
    /// The tag text as it appears in captions (`long hair`, `hatsune miku`).
    public var name: String
    /// What the tag describes.
    public var category: TagCategory
    /// The tagger's confidence (0...1), when a tagger produced it.
    public var score: Double?
    /// Which tagger or sidecar the tag came from (`wd14`, `danbooru`, `sidecar:txt`).
    public var source: String?

    /// A tag with the given fields.
    public init(_ name: String, category: TagCategory = .general, score: Double? = nil, source: String? = nil) {
        self.name = name
        self.category = category
        self.score = score
        self.source = source
    }

    /// A tag read from text where a namespace may set the category: `character:foo` is `foo` in
    /// `character`. A prefix that is not a known namespace (see `TagCategory(namespace:)`) is part of
    /// the name, so kaomoji such as `:d` or `;)` and names like `re:zero` stay whole.
    /// - Parameters:
    ///   - text: the tag text, already trimmed.
    ///   - category: the category when the text has no namespace.
    ///   - source: where the tag came from.
    public init(parsing text: String, category: TagCategory = .general, source: String? = nil) {
        if let colon = text.utf8.firstIndex(of: UInt8(ascii: ":")), colon != text.utf8.startIndex {
            let prefix = String(text[..<colon])
            let rest = text[text.utf8.index(after: colon)...]
            if !rest.isEmpty, let namespaced = TagCategory(namespace: prefix) {
                self.init(String(rest), category: namespaced, source: source)
                return
            }
        }
        self.init(text, category: category, source: source)
    }

    /// `category:name`, with the score when there is one.
    public var description: String {
        let base = "\(category.rawValue):\(name)"
        guard let score else { return base }
        return base + " (\(score))"
    }
}

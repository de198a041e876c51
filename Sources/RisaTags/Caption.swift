/// How general tags are ordered in a caption.
public enum GeneralTagOrder: String, Hashable, Sendable, CaseIterable {
    /// Highest score first, unscored after scored, equal scores by name (deterministic).
    case score
    /// By name.
    case name
    /// As the tags come.
    case given
}

/// Which leading tags of a caption are fixed (kohya `keep_tokens`: never shuffled or dropped).
public enum KeepTokens: Hashable, Sendable {
    /// None: every tag may be shuffled.
    case none
    /// The first N tags.
    case count(Int)
    /// The leading tags of fixed (non-droppable) categories per the policy: triggers, characters...
    case fixedCategories
}

/// What happens to `description` tags (natural-language captions) in a caption.
///
/// kohya reads only the FIRST line of a caption file, so a description never goes on a line of its
/// own: it is either the last comma part of the tag caption (`append`), or the whole caption
/// (`only`). Note that kohya splits captions on the separator when shuffling, so a description that
/// contains commas is shuffled as several parts; use `keep_tokens_separator` or no shuffling then.
public enum DescriptionMode: String, Hashable, Sendable, CaseIterable {
    /// After all tags, as the final separated part (default).
    case append
    /// The caption is the description alone (tags are used only when there is no description).
    case only
    /// Descriptions are left out.
    case omit
}

/// Options of caption writing (`caption.write`).
public struct CaptionOptions: Hashable, Sendable {
    /// Category order and which categories are fixed.
    public var policy: CategoryPolicy = .default
    /// Put between tags; kohya's `caption_separator` is `,` and it trims spaces.
    public var separator = ", "
    /// How general tags are ordered.
    public var generalOrder = GeneralTagOrder.score
    /// Which leading tags are fixed.
    public var keepTokens = KeepTokens.none
    /// When set (kohya's `keep_tokens_separator`, e.g. `|||`), written between the fixed part and
    /// the rest, so the trainer needs no `keep_tokens` count.
    public var keepTokensSeparator: String?
    /// What happens to descriptions.
    public var description = DescriptionMode.append
    /// Written before the caption as is.
    public var prefix = ""
    /// Written after the caption as is.
    public var suffix = ""
    /// Categories left out of captions (e.g. `rating`, `meta`).
    public var excluded: Set<TagCategory> = []

    /// Options with the defaults: policy `.default`, `", "`, general by score, no keep tokens,
    /// description appended, no prefix or suffix, nothing excluded.
    public init() {}
}

/// A caption line and the keep-tokens count that goes with it.
public struct Caption: Hashable, Sendable {
    /// The caption: one line of UTF-8 text, without a line break.
    public let text: String
    /// How many leading tags are fixed (for the dataset config's `keep_tokens`).
    public let keepTokens: Int
}

/// Writes captions from tags.
public enum CaptionWriter {
    /// The caption of one image.
    ///
    /// Tags are ordered by the policy's category order (trigger first by default), general tags as
    /// `options.generalOrder` says, other categories as given. Line breaks inside names become spaces.
    public static func caption(for tags: [Tag], options: CaptionOptions = CaptionOptions()) -> Caption {
        // Sorts plain keys (no reference counting) and compares names only on ties: sorting
        // (rank, Tag) tuples, or reading whole Tags in the comparator, retained and released every
        // name and was most of the cost for 100,000 captions.
        // Eight ranks of eight bits packed in one word: no allocation per caption.
        var ranks: UInt64 = 0
        for category in TagCategory.allCases {
            ranks |= UInt64(options.policy.rank(of: category)) << (8 * UInt64(category.index))
        }
        let generalOrder = options.generalOrder
        var keys: [SortKey] = []
        keys.reserveCapacity(tags.count)
        var descriptions: [String] = []
        // The excluded categories as bits (a Set lookup hashed every tag).
        var excluded: UInt16 = 0
        for category in options.excluded { excluded |= 1 << UInt16(category.index) }
        for index in tags.indices {
            let category = tags[index].category
            if excluded & (1 << UInt16(category.index)) != 0 { continue }
            if category == .description {
                descriptions.append(singleLine(tags[index].name))
                continue
            }
            let rank = (ranks >> (8 * UInt64(category.index))) & 0xFF
            let ordering: SortKey.Ordering
            if category != .general || generalOrder == .given {
                ordering = .given
            } else {
                ordering = generalOrder == .score ? .score : .name
            }
            keys.append(SortKey(rank: rank, score: tags[index].score ?? -.infinity, index: index, ordering: ordering))
        }
        tags.withUnsafeBufferPointer { tags in
            keys.sort { left, right in
                if left.rank != right.rank { return left.rank < right.rank }
                switch left.ordering {
                case .score:
                    if left.score != right.score { return left.score > right.score }
                    let leftName = tags[left.index].name
                    let rightName = tags[right.index].name
                    if leftName != rightName { return leftName < rightName }
                case .name:
                    let leftName = tags[left.index].name
                    let rightName = tags[right.index].name
                    if leftName != rightName { return leftName < rightName }
                case .given:
                    break
                }
                return left.index < right.index
            }
        }
        let order = keys.map(\.index)
        if options.description == .only, !descriptions.isEmpty {
            return Caption(text: options.prefix + descriptions.joined(separator: " ") + options.suffix, keepTokens: 0)
        }
        let keep: Int
        switch options.keepTokens {
        case .none: keep = 0
        case .count(let count): keep = max(0, min(count, order.count))
        case .fixedCategories:
            keep = order.firstIndex { options.policy.isDroppable(tags[$0].category) } ?? order.count
        }
        let flexibleCount = order.count - keep + (options.description == .append ? descriptions.count : 0)
        let marker = keep > 0 && flexibleCount > 0 ? options.keepTokensSeparator : nil
        var text = options.prefix
        var capacity = options.prefix.utf8.count + options.suffix.utf8.count + 8
        for index in order { capacity += tags[index].name.utf8.count + options.separator.utf8.count }
        text.reserveCapacity(capacity)
        for (position, index) in order.enumerated() {
            if position > 0 {
                if position == keep, let marker {
                    text += " " + marker + " "
                } else {
                    text += options.separator
                }
            }
            text += singleLine(tags[index].name)
        }
        if options.description == .append {
            for (offset, description) in descriptions.enumerated() {
                if offset == 0, order.count == keep, let marker {
                    text += " " + marker + " "
                } else if !order.isEmpty || offset > 0 {
                    text += options.separator
                }
                text += description
            }
        }
        text += options.suffix
        return Caption(text: text, keepTokens: keep)
    }

    private struct SortKey {
        enum Ordering { case score, name, given }
        let rank: UInt64
        let score: Double
        let index: Int
        let ordering: Ordering
    }

    private static func singleLine(_ text: String) -> String {
        let hasBreak =
            text.utf8.withContiguousStorageIfAvailable { bytes in bytes.contains { $0 == 0x0A || $0 == 0x0D } }
            ?? text.utf8.contains { $0 == 0x0A || $0 == 0x0D }
        guard hasBreak else { return text }
        return String(text.map { $0.isNewline ? " " : $0 })
    }
}

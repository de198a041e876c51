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
        var ordered: [(rank: Int, index: Int, tag: Tag)] = []
        ordered.reserveCapacity(tags.count)
        var descriptions: [String] = []
        for (index, tag) in tags.enumerated() where !options.excluded.contains(tag.category) {
            if tag.category == .description {
                descriptions.append(singleLine(tag.name))
            } else {
                ordered.append((options.policy.rank(of: tag.category), index, tag))
            }
        }
        ordered.sort { lhs, rhs in
            if lhs.rank != rhs.rank { return lhs.rank < rhs.rank }
            if lhs.tag.category == .general {
                switch options.generalOrder {
                case .score:
                    let left = lhs.tag.score ?? -.infinity
                    let right = rhs.tag.score ?? -.infinity
                    if left != right { return left > right }
                    if lhs.tag.name != rhs.tag.name { return lhs.tag.name < rhs.tag.name }
                case .name:
                    if lhs.tag.name != rhs.tag.name { return lhs.tag.name < rhs.tag.name }
                case .given:
                    break
                }
            }
            return lhs.index < rhs.index
        }
        if options.description == .only, !descriptions.isEmpty {
            return Caption(text: options.prefix + descriptions.joined(separator: " ") + options.suffix, keepTokens: 0)
        }
        let keep: Int
        switch options.keepTokens {
        case .none: keep = 0
        case .count(let count): keep = max(0, min(count, ordered.count))
        case .fixedCategories:
            keep = ordered.firstIndex { options.policy.isDroppable($0.tag.category) } ?? ordered.count
        }
        var fixed: [String] = []
        var flexible: [String] = []
        fixed.reserveCapacity(keep)
        flexible.reserveCapacity(ordered.count - keep + descriptions.count)
        for (position, entry) in ordered.enumerated() {
            if position < keep { fixed.append(singleLine(entry.tag.name)) } else { flexible.append(singleLine(entry.tag.name)) }
        }
        if options.description == .append { flexible += descriptions }
        var text = options.prefix
        if let marker = options.keepTokensSeparator, !fixed.isEmpty, !flexible.isEmpty {
            text += fixed.joined(separator: options.separator) + " " + marker + " "
            text += flexible.joined(separator: options.separator)
        } else {
            text += (fixed + flexible).joined(separator: options.separator)
        }
        text += options.suffix
        return Caption(text: text, keepTokens: keep)
    }

    private static func singleLine(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 == 0x0A || $0 == 0x0D }) else { return text }
        return String(text.map { $0.isNewline ? " " : $0 })
    }
}

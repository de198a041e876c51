/// What a tag describes; decides where it goes in a caption and whether it may be dropped.
public enum TagCategory: String, CaseIterable, Hashable, Sendable, Comparable {
    /// Everything visible that is not one of the other kinds (`1girl`, `smile`).
    case general
    /// A named character (`hatsune_miku`).
    case character
    /// Who drew it.
    case artist
    /// The series or franchise.
    case copyright
    /// Facts about the file rather than its content (`highres`, `commentary_request`).
    case meta
    /// The content rating (`general`, `sensitive`, `questionable`, `explicit`).
    case rating
    /// A trigger word added for training; always first in a caption.
    case trigger
    /// A free-text description (natural language caption) rather than a tag.
    case description

    /// The category named by a namespace prefix such as `character:` or `series:`, or nil when the
    /// prefix is not one. Besides the category names, accepts the hydrus/booru spellings `series`,
    /// `creator`, `species` (general) and `lore` (meta).
    public init?(namespace: String) {
        if let category = TagCategory(rawValue: namespace) {
            self = category
            return
        }
        switch namespace {
        case "series": self = .copyright
        case "creator": self = .artist
        case "species": self = .general
        case "lore", "metadata": self = .meta
        default: return nil
        }
    }

    /// The category whose raw value is `text`, found by its length and second letter and then one
    /// comparison (tag metadata names a category per tag: millions of lookups in a large set).
    public static func named(_ text: String) -> TagCategory? {
        let utf8 = text.utf8
        guard utf8.count >= 4 else { return nil }
        let candidate: TagCategory
        switch (utf8.count, utf8[utf8.index(after: utf8.startIndex)]) {
        case (7, UInt8(ascii: "e")): candidate = .general
        case (9, UInt8(ascii: "h")): candidate = .character
        case (6, UInt8(ascii: "r")): candidate = .artist
        case (9, UInt8(ascii: "o")): candidate = .copyright
        case (4, UInt8(ascii: "e")): candidate = .meta
        case (6, UInt8(ascii: "a")): candidate = .rating
        case (7, UInt8(ascii: "r")): candidate = .trigger
        case (11, UInt8(ascii: "e")): candidate = .description
        default: return nil
        }
        return candidate.rawValue == text ? candidate : nil
    }

    /// The order of declaration, so sets of categories list the same way every time.
    public static func < (lhs: TagCategory, rhs: TagCategory) -> Bool {
        lhs.index < rhs.index
    }

    var index: Int {
        switch self {
        case .general: return 0
        case .character: return 1
        case .artist: return 2
        case .copyright: return 3
        case .meta: return 4
        case .rating: return 5
        case .trigger: return 6
        case .description: return 7
        }
    }
}

/// Per-category rules shared by tag mapping (max-tags limits) and captions (order, keep tokens).
public struct CategoryPolicy: Hashable, Sendable {
    /// The order of categories in a caption; categories missing here follow in declaration order.
    public var order: [TagCategory]
    /// The categories whose tags must never be dropped: not by max-tags limits, and (because they
    /// form the fixed, kept part of a caption) not by shuffling or tag dropout at training time.
    public var fixed: Set<TagCategory>

    /// A policy with the given caption order and fixed (never dropped) categories.
    public init(order: [TagCategory], fixed: Set<TagCategory>) {
        var seen = Set<TagCategory>()
        var complete = order.filter { seen.insert($0).inserted }
        complete += TagCategory.allCases.filter { !seen.contains($0) }
        self.order = complete
        self.fixed = fixed
    }

    /// Trigger, character, copyright, artist, general, meta, rating, description; trigger,
    /// character and copyright are fixed.
    public static let `default` = CategoryPolicy(
        order: [.trigger, .character, .copyright, .artist, .general, .meta, .rating, .description],
        fixed: [.trigger, .character, .copyright])

    /// Whether tags of `category` may be dropped (by limits, shuffling or dropout).
    public func isDroppable(_ category: TagCategory) -> Bool {
        !fixed.contains(category)
    }

    /// The position of `category` in captions (0 first).
    public func rank(of category: TagCategory) -> Int {
        order.firstIndex(of: category) ?? order.count
    }
}

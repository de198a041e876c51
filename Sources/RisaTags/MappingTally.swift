/// What a mapping did over many images, counted per kind of change and per tag: the sum of the
/// images' `MappingReport`s (`TagMapping.Applier.mapTags(in:)` keeps one; `tags.map` writes it as
/// its report).
public struct MappingTally: Sendable, Equatable {
    /// The images mapped.
    public var items = 0
    /// The images whose report was not empty.
    public var changedItems = 0
    /// Per kind (`removed`, `implied`, `unknown`, `dropped`, `triggers`, `blacklisted`), per tag name.
    public private(set) var counts: [String: [String: Int]] = [:]
    /// `rewritten` and `aliased`, per change.
    public private(set) var changes: [String: [TagChange: Int]] = [:]
    /// The reason of each blacklisted tag (the first one seen).
    public private(set) var blacklistReasons: [String: String] = [:]

    /// The kinds of report entries, in report order.
    public static let kinds = [
        "rewritten", "aliased", "removed", "implied", "unknown", "dropped", "triggers", "blacklisted",
    ]

    /// An empty tally.
    public init() {}

    /// Adds the entries of `report`, `times` over (the report of one image, or of a decision that
    /// `times` tags had). Does not count items.
    public mutating func add(_ report: MappingReport, times: Int = 1) {
        func count(_ kind: String, _ names: [String]) {
            for name in names { counts[kind, default: [:]][name, default: 0] += times }
        }
        func count(_ kind: String, _ list: [TagChange]) {
            for change in list { changes[kind, default: [:]][change, default: 0] += times }
        }
        count("rewritten", report.rewritten)
        count("aliased", report.aliased)
        count("removed", report.removed)
        count("implied", report.implied)
        count("unknown", report.unknown)
        count("dropped", report.dropped)
        count("triggers", report.triggers)
        count("blacklisted", report.blacklisted.map(\.tag))
        for hit in report.blacklisted where blacklistReasons[hit.tag] == nil { blacklistReasons[hit.tag] = hit.reason }
    }

    /// Adds another tally (of other images).
    public mutating func merge(_ other: MappingTally) {
        items += other.items
        changedItems += other.changedItems
        for (kind, names) in other.counts { counts[kind, default: [:]].merge(names, uniquingKeysWith: +) }
        for (kind, list) in other.changes { changes[kind, default: [:]].merge(list, uniquingKeysWith: +) }
        blacklistReasons.merge(other.blacklistReasons) { mine, _ in mine }
    }

    /// How many entries of `kind` were counted in all.
    public func total(_ kind: String) -> Int {
        (counts[kind] ?? [:]).values.reduce(0, +) + (changes[kind] ?? [:]).values.reduce(0, +)
    }
}

import RisaCore
import RisaTags

/// Adds up the per-item mapping reports of `tags.map` into its `report.json`: for each kind of
/// change, how many items it happened to, per tag (or per `from -> to` change).
struct MappingReportCounter {
    var items = 0
    var rejected = 0
    var changedItems = 0
    var sources: [String] = []
    /// Per kind (`removed`, `implied`, ...), per tag name.
    private var counts: [String: [String: Int]] = [:]
    /// `rewritten` and `aliased`, per change (turned into `from -> to` text only for the report).
    private var changes: [String: [TagChange: Int]] = [:]
    private var blacklistReasons: [String: String] = [:]

    static let kinds = ["rewritten", "aliased", "removed", "implied", "unknown", "dropped", "triggers", "blacklisted"]

    mutating func add(_ report: MappingReport) {
        changedItems += 1
        func count(_ kind: String, _ names: [String]) {
            guard !names.isEmpty else { return }
            for name in names { counts[kind, default: [:]][name, default: 0] += 1 }
        }
        func count(_ kind: String, _ list: [TagChange]) {
            guard !list.isEmpty else { return }
            for change in list { changes[kind, default: [:]][change, default: 0] += 1 }
        }
        count("rewritten", report.rewritten)
        count("aliased", report.aliased)
        count("removed", report.removed)
        count("implied", report.implied)
        count("unknown", report.unknown)
        count("dropped", report.dropped)
        count("triggers", report.triggers)
        if !report.blacklisted.isEmpty {
            count("blacklisted", report.blacklisted.map(\.tag))
            for hit in report.blacklisted where blacklistReasons[hit.tag] == nil { blacklistReasons[hit.tag] = hit.reason }
        }
    }

    mutating func merge(_ other: MappingReportCounter) {
        changedItems += other.changedItems
        for (kind, names) in other.counts {
            counts[kind, default: [:]].merge(names, uniquingKeysWith: +)
        }
        for (kind, list) in other.changes {
            changes[kind, default: [:]].merge(list, uniquingKeysWith: +)
        }
        blacklistReasons.merge(other.blacklistReasons) { mine, _ in mine }
    }

    /// `{"items": N, "changed_items": N, "rejected": N, "mappings": [...], "aliased": {"a -> b": 3}, ...,
    /// "blacklisted": {"tag": {"count": 2, "reason": "..."}}}`.
    var value: Value {
        var map: [String: Value] = [
            "items": .int(items), "changed_items": .int(changedItems), "rejected": .int(rejected),
            "mappings": .list(sources.map(Value.string)),
        ]
        for kind in Self.kinds where kind != "blacklisted" {
            map[kind] = .map((counts[kind] ?? [:]).mapValues { .int($0) })
        }
        for (kind, list) in changes {
            var totals: [String: Int] = [:]
            for (change, count) in list { totals[change.description, default: 0] += count }
            map[kind] = .map(totals.mapValues { .int($0) })
        }
        map["blacklisted"] = .map(
            (counts["blacklisted"] ?? [:]).reduce(into: [:]) { result, entry in
                result[entry.key] = .map([
                    "count": .int(entry.value), "reason": .string(blacklistReasons[entry.key] ?? ""),
                ])
            })
        return .map(map)
    }

    /// One line for the log.
    var summary: String {
        let parts = Self.kinds.compactMap { kind -> String? in
            let total = (counts[kind] ?? [:]).values.reduce(0, +) + (changes[kind] ?? [:]).values.reduce(0, +)
            return total == 0 ? nil : "\(kind) \(total)"
        }
        return "\(items) items, \(changedItems) changed, \(rejected) rejected"
            + (parts.isEmpty ? "" : " (" + parts.joined(separator: ", ") + ")")
    }
}

import RisaCore
import RisaTags

/// The `report.json` of `tags.map` and its log line, from the mapping's tally: for each kind of
/// change, how many items it happened to, per tag (or per `from -> to` change).
struct MappingReportCounter {
    var tally = MappingTally()
    var rejected = 0
    var sources: [String] = []

    /// `{"items": N, "changed_items": N, "rejected": N, "mappings": [...], "aliased": {"a -> b": 3}, ...,
    /// "blacklisted": {"tag": {"count": 2, "reason": "..."}}}`.
    var value: Value {
        var map: [String: Value] = [
            "items": .int(tally.items), "changed_items": .int(tally.changedItems), "rejected": .int(rejected),
            "mappings": .list(sources.map(Value.string)),
        ]
        for kind in MappingTally.kinds where kind != "blacklisted" {
            map[kind] = .map((tally.counts[kind] ?? [:]).mapValues { .int($0) })
        }
        for (kind, list) in tally.changes {
            var totals: [String: Int] = [:]
            for (change, count) in list { totals[change.description, default: 0] += count }
            map[kind] = .map(totals.mapValues { .int($0) })
        }
        map["blacklisted"] = .map(
            (tally.counts["blacklisted"] ?? [:]).reduce(into: [:]) { result, entry in
                result[entry.key] = .map([
                    "count": .int(entry.value), "reason": .string(tally.blacklistReasons[entry.key] ?? ""),
                ])
            })
        return .map(map)
    }

    /// One line for the log.
    var summary: String {
        let parts = MappingTally.kinds.compactMap { kind -> String? in
            let total = tally.total(kind)
            return total == 0 ? nil : "\(kind) \(total)"
        }
        return "\(tally.items) items, \(tally.changedItems) changed, \(rejected) rejected"
            + (parts.isEmpty ? "" : " (" + parts.joined(separator: ", ") + ")")
    }
}

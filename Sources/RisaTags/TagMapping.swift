/// A compiled tag mapping: aliases, implications, removals, blacklists, regex rewrites,
/// underscore conversion, category assignment, a vocabulary, trigger words and max-tags limits,
/// decided once by `compile(_:source:policy:)` so that `apply(to:)` is a few dictionary lookups per
/// tag.
///
/// Per tag, in this order: regex rewrites; underscores to spaces; removal; aliasing (to the final
/// target of a chain); category (exact name, then the first matching pattern, else the tag's own);
/// blacklist check (the item is flagged, tags are kept); vocabulary check (trigger, rating and
/// description tags are exempt); then its implied parents follow it. Then per item: duplicate names
/// merge (first position, highest score), trigger words go first, and max-tags limits drop the
/// lowest-scored tags of droppable categories (unscored tags rank lowest, later ones first).
///
/// ```swift
/// let mapping = try TagMapping.compile(yamlValue, source: "recipes/anime.yaml")
/// let result = mapping.apply(to: tags)
/// if result.isExcluded { /* skip the image */ }
/// ```
public struct TagMapping: Sendable {
    /// What `apply` does with a tag outside the vocabulary.
    public enum UnknownPolicy: String, Sendable, CaseIterable {
        /// Keep it and list it in the report.
        case report
        /// Drop it and list it in the report.
        case drop
    }

    struct Parent: Sendable {
        let name: String
        let category: TagCategory?
        let blacklist: String?
    }

    struct Rule: Sendable {
        let canonical: String
        let aliased: Bool
        let removed: Bool
        let category: TagCategory?
        let blacklist: String?
        let known: Bool
        let parents: [Parent]
    }

    struct Stage: Sendable {
        var source: String
        var rewrites: [RewriteRule] = []
        var underscores = false
        /// Rule positions by name: one hash lookup per tag finds everything the mapping says about it.
        var ruleIndex: [String: Int] = [:]
        var rules: [Rule] = []
        var categoryPatterns: [(GlobPattern, TagCategory)] = []
        var hasVocabulary = false
        var unknown = UnknownPolicy.report
        var triggers: [String] = []
        /// Per-category limits of droppable categories, in category order.
        var limits: [(category: TagCategory, limit: Int)] = []
        var maxTotal: Int?
        var policy = CategoryPolicy.default
    }

    let stages: [Stage]

    init(stages: [Stage]) {
        self.stages = stages
    }

    /// A mapping that applies `mappings` one after another (each to the previous one's output),
    /// merging their reports.
    public static func combined(_ mappings: [TagMapping]) -> TagMapping {
        TagMapping(stages: mappings.flatMap(\.stages))
    }

    /// The sources of the combined mapping sets, in the order they apply.
    public var sources: [String] { stages.map(\.source) }

    /// Maps one item's tags.
    /// - Parameter tags: the item's tags in their order.
    /// - Returns: the mapped tags and what changed.
    public func apply(to tags: [Tag]) -> MappingResult {
        var current = tags
        var report = MappingReport()
        for stage in stages {
            current = stage.apply(to: current, report: &report)
        }
        return MappingResult(tags: current, report: report)
    }
}

extension TagMapping.Stage {
    /// Trigger, rating and description tags are never checked against the vocabulary.
    private static func isVocabularyExempt(_ category: TagCategory) -> Bool {
        category == .trigger || category == .rating || category == .description
    }

    func apply(to input: [Tag], report: inout MappingReport) -> [Tag] {
        var output: [Tag] = []
        output.reserveCapacity(input.count * 2 + triggers.count)
        if !triggers.isEmpty {
            report.triggers += triggers
            for trigger in triggers { output.append(Tag(trigger, category: .trigger, source: "trigger")) }
        }
        for tag in input {
            var name = tag.name
            for rewrite in rewrites {
                if let rewritten = rewrite.apply(to: name), rewritten != name {
                    report.rewritten.append(TagChange(from: name, to: rewritten))
                    name = rewritten
                }
            }
            if underscores { name = NameRules.underscoresToSpaces(name) }
            if name.isEmpty {
                report.removed.append(tag.name)
                continue
            }
            guard let ruleNumber = ruleIndex[name] else {
                let category = patternCategory(name) ?? tag.category
                if hasVocabulary, !Self.isVocabularyExempt(category) {
                    report.unknown.append(name)
                    if unknown == .drop { continue }
                }
                output.append(Tag(name, category: category, score: tag.score, source: tag.source))
                continue
            }
            // Fields are read in place: copying the whole Rule retained all of its references.
            let removed = rules[ruleNumber].removed
            if removed {
                report.removed.append(name)
                continue
            }
            let canonical = rules[ruleNumber].canonical
            if rules[ruleNumber].aliased { report.aliased.append(TagChange(from: name, to: canonical)) }
            let category = rules[ruleNumber].category ?? tag.category
            if let reason = rules[ruleNumber].blacklist {
                report.blacklisted.append(BlacklistHit(tag: canonical, reason: reason))
            }
            if !rules[ruleNumber].known, !Self.isVocabularyExempt(category) {
                report.unknown.append(canonical)
                if unknown == .drop { continue }
            }
            output.append(Tag(canonical, category: category, score: tag.score, source: tag.source))
            if rules[ruleNumber].parents.isEmpty { continue }
            for parent in rules[ruleNumber].parents {
                report.implied.append(parent.name)
                if let reason = parent.blacklist {
                    report.blacklisted.append(BlacklistHit(tag: parent.name, reason: reason))
                }
                output.append(
                    Tag(parent.name, category: parent.category ?? category, score: tag.score, source: "implied"))
            }
        }
        output = Self.deduplicated(output)
        if !limits.isEmpty || maxTotal != nil { output = limited(output, report: &report) }
        return output
    }

    private func patternCategory(_ name: String) -> TagCategory? {
        for (pattern, category) in categoryPatterns where pattern.matches(name) { return category }
        return nil
    }

    /// Merges tags of the same name: the first keeps its place and category, and takes the highest score.
    static func deduplicated(_ tags: [Tag]) -> [Tag] {
        // An open-addressing table of positions keyed by an FNV-1a hash of the name's bytes: names
        // are compared only when their hashes meet, and no String hashing or Set is needed.
        var capacity = 16
        while capacity < tags.count * 2 { capacity <<= 1 }
        let mask = capacity - 1
        var slots = [Int32](repeating: -1, count: capacity)
        var result: [Tag] = []
        result.reserveCapacity(tags.count)
        for tag in tags {
            var slot = Int(truncatingIfNeeded: fnv1a(tag.name)) & mask
            var merged = false
            while slots[slot] >= 0 {
                let position = Int(slots[slot])
                if result[position].name == tag.name {
                    result[position].score = maxScore(result[position].score, tag.score)
                    merged = true
                    break
                }
                slot = (slot + 1) & mask
            }
            if !merged {
                slots[slot] = Int32(result.count)
                result.append(tag)
            }
        }
        return result
    }

    private static func fnv1a(_ name: String) -> UInt64 {
        var name = name
        return name.withUTF8 { bytes in
            var hash: UInt64 = 0xcbf2_9ce4_8422_2325
            for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
            return hash ^ (hash >> 29)
        }
    }

    private static func maxScore(_ lhs: Double?, _ rhs: Double?) -> Double? {
        guard let lhs else { return rhs }
        guard let rhs else { return lhs }
        return max(lhs, rhs)
    }

    /// Applies max-tags limits: per category, then in total, dropping only droppable categories'
    /// tags, lowest score first (unscored lowest), later position first among equals.
    private func limited(_ tags: [Tag], report: inout MappingReport) -> [Tag] {
        var perCategory = [Int](repeating: 0, count: TagCategory.allCases.count)
        for tag in tags { perCategory[tag.category.index] += 1 }
        let overLimit = limits.contains { perCategory[$0.category.index] > $0.limit }
        let overTotal = maxTotal.map { tags.count > $0 } ?? false
        guard overLimit || overTotal else { return tags }
        var keep = [Bool](repeating: true, count: tags.count)
        // Drops `count` tags among those `eligible`: a selection pass per dropped tag, as limits
        // usually drop a few of a few dozen tags.
        func drop(_ count: Int, where eligible: (Int) -> Bool) {
            for _ in 0..<count {
                var worst = -1
                var worstScore = Double.infinity
                for index in tags.indices where keep[index] && eligible(index) {
                    let score = tags[index].score ?? -.infinity
                    if worst < 0 || score < worstScore || score == worstScore {
                        worst = index
                        worstScore = score
                    }
                }
                guard worst >= 0 else { return }
                keep[worst] = false
            }
        }
        for (category, limit) in limits where perCategory[category.index] > limit {
            drop(perCategory[category.index] - limit) { tags[$0].category == category }
        }
        if let maxTotal {
            let kept = keep.reduce(0) { $0 + ($1 ? 1 : 0) }
            if kept > maxTotal { drop(kept - maxTotal) { policy.isDroppable(tags[$0].category) } }
        }
        var result: [Tag] = []
        result.reserveCapacity(tags.count)
        for (index, tag) in tags.enumerated() {
            if keep[index] { result.append(tag) } else { report.dropped.append(tag.name) }
        }
        return result
    }
}

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

    /// The mapped tags of one image and what the mapping did to them.
    public func apply(to tags: [Tag]) -> MappingResult {
        var applier = applier()
        return applier.apply(to: tags)
    }

    /// An applier for many images: it remembers what each stage does to each distinct tag, so a
    /// set of 100,000 images over a few thousand distinct tags resolves each tag once.
    public func applier() -> Applier {
        Applier(stages: stages)
    }

    /// Applies a mapping image by image, remembering each stage's decision per distinct tag
    /// (name and category). Not shared between threads: make one per thread or chunk.
    public struct Applier {
        let stages: [Stage]
        private var memos: [Stage.Memo]

        init(stages: [Stage]) {
            self.stages = stages
            memos = Array(repeating: Stage.Memo(), count: stages.count)
        }

        /// The mapped tags of one image and what the mapping did to them (as `TagMapping.apply`).
        public mutating func apply(to tags: [Tag]) -> MappingResult {
            var current = tags
            var report = MappingReport()
            for index in stages.indices {
                current = stages[index].apply(to: current, report: &report, memo: &memos[index])
            }
            return MappingResult(tags: current, report: report)
        }
    }
}

extension TagMapping.Stage {
    /// Trigger, rating and description tags are never checked against the vocabulary.
    private static func isVocabularyExempt(_ category: TagCategory) -> Bool {
        category == .trigger || category == .rating || category == .description
    }

    /// A tag as a stage sees it: what the stage does depends on the name and the category only.
    struct TagKey: Hashable {
        let name: String
        let category: TagCategory
    }

    /// What a stage does to one distinct tag: the report entries it adds and the tags it outputs
    /// (the first takes the input's score and source, implied parents take its score).
    struct Resolution {
        var report = MappingReport()
        var output: (name: String, category: TagCategory)?
        var parents: [(name: String, category: TagCategory)] = []
    }

    /// The resolutions found so far, by position (read in place: copying one retains its strings).
    struct Memo {
        var positions: [TagKey: Int] = [:]
        var resolutions: [Resolution] = []
    }

    func apply(to input: [Tag], report: inout MappingReport, memo: inout Memo) -> [Tag] {
        var output: [Tag] = []
        output.reserveCapacity(input.count * 2 + triggers.count)
        if !triggers.isEmpty {
            report.triggers += triggers
            for trigger in triggers { output.append(Tag(trigger, category: .trigger, source: "trigger")) }
        }
        for tag in input {
            let key = TagKey(name: tag.name, category: tag.category)
            let position: Int
            if let known = memo.positions[key] {
                position = known
            } else {
                let resolution = resolve(key)
                position = memo.resolutions.count
                memo.positions[key] = position
                memo.resolutions.append(resolution)
            }
            if !memo.resolutions[position].report.isEmpty { report.merge(memo.resolutions[position].report) }
            guard let main = memo.resolutions[position].output else { continue }
            output.append(Tag(main.name, category: main.category, score: tag.score, source: tag.source))
            if memo.resolutions[position].parents.isEmpty { continue }
            for parent in memo.resolutions[position].parents {
                output.append(Tag(parent.name, category: parent.category, score: tag.score, source: "implied"))
            }
        }
        output = Self.deduplicated(output)
        if !limits.isEmpty || maxTotal != nil { output = limited(output, report: &report) }
        return output
    }

    /// Everything the stage does to one tag, found once per distinct tag.
    private func resolve(_ tag: TagKey) -> Resolution {
        var resolution = Resolution()
        var name = tag.name
        for rewrite in rewrites {
            if let rewritten = rewrite.apply(to: name), rewritten != name {
                resolution.report.rewritten.append(TagChange(from: name, to: rewritten))
                name = rewritten
            }
        }
        if underscores { name = NameRules.underscoresToSpaces(name) }
        if name.isEmpty {
            resolution.report.removed.append(tag.name)
            return resolution
        }
        guard let ruleNumber = ruleIndex[name] else {
            let category = patternCategory(name) ?? tag.category
            if hasVocabulary, !Self.isVocabularyExempt(category) {
                resolution.report.unknown.append(name)
                if unknown == .drop { return resolution }
            }
            resolution.output = (name, category)
            return resolution
        }
        let rule = rules[ruleNumber]
        if rule.removed {
            resolution.report.removed.append(name)
            return resolution
        }
        if rule.aliased { resolution.report.aliased.append(TagChange(from: name, to: rule.canonical)) }
        let category = rule.category ?? tag.category
        if let reason = rule.blacklist {
            resolution.report.blacklisted.append(BlacklistHit(tag: rule.canonical, reason: reason))
        }
        if !rule.known, !Self.isVocabularyExempt(category) {
            resolution.report.unknown.append(rule.canonical)
            if unknown == .drop { return resolution }
        }
        resolution.output = (rule.canonical, category)
        for parent in rule.parents {
            resolution.report.implied.append(parent.name)
            if let reason = parent.blacklist {
                resolution.report.blacklisted.append(BlacklistHit(tag: parent.name, reason: reason))
            }
            resolution.parents.append((parent.name, parent.category ?? category))
        }
        return resolution
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

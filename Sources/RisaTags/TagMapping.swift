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
        var rules: [String: Rule] = [:]
        var categoryPatterns: [(GlobPattern, TagCategory)] = []
        var hasVocabulary = false
        var unknown = UnknownPolicy.report
        var triggers: [String] = []
        var maxTags: [TagCategory: Int] = [:]
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
    private static let vocabularyExempt: Set<TagCategory> = [.trigger, .rating, .description]

    func apply(to input: [Tag], report: inout MappingReport) -> [Tag] {
        var output: [Tag] = []
        output.reserveCapacity(input.count + triggers.count + 4)
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
            guard let rule = rules[name] else {
                let category = patternCategory(name) ?? tag.category
                if hasVocabulary, !Self.vocabularyExempt.contains(category) {
                    report.unknown.append(name)
                    if unknown == .drop { continue }
                }
                output.append(Tag(name, category: category, score: tag.score, source: tag.source))
                continue
            }
            if rule.removed {
                report.removed.append(name)
                continue
            }
            if rule.aliased { report.aliased.append(TagChange(from: name, to: rule.canonical)) }
            let category = rule.category ?? tag.category
            if let reason = rule.blacklist {
                report.blacklisted.append(BlacklistHit(tag: rule.canonical, reason: reason))
            }
            if !rule.known, !Self.vocabularyExempt.contains(category) {
                report.unknown.append(rule.canonical)
                if unknown == .drop { continue }
            }
            output.append(Tag(rule.canonical, category: category, score: tag.score, source: tag.source))
            for parent in rule.parents {
                report.implied.append(parent.name)
                if let reason = parent.blacklist {
                    report.blacklisted.append(BlacklistHit(tag: parent.name, reason: reason))
                }
                output.append(Tag(parent.name, category: parent.category ?? category, score: tag.score, source: "implied"))
            }
        }
        if !triggers.isEmpty {
            report.triggers += triggers
            output = triggers.map { Tag($0, category: .trigger, source: "trigger") } + output
        }
        output = Self.deduplicated(output)
        if !maxTags.isEmpty || maxTotal != nil { output = limited(output, report: &report) }
        return output
    }

    private func patternCategory(_ name: String) -> TagCategory? {
        for (pattern, category) in categoryPatterns where pattern.matches(name) { return category }
        return nil
    }

    /// Merges tags of the same name: the first keeps its place and category, and takes the highest score.
    static func deduplicated(_ tags: [Tag]) -> [Tag] {
        var result: [Tag] = []
        result.reserveCapacity(tags.count)
        if tags.count <= 48 {
            for tag in tags {
                if let index = result.firstIndex(where: { $0.name == tag.name }) {
                    result[index].score = maxScore(result[index].score, tag.score)
                } else {
                    result.append(tag)
                }
            }
            return result
        }
        var positions: [String: Int] = [:]
        positions.reserveCapacity(tags.count)
        for tag in tags {
            if let index = positions[tag.name] {
                result[index].score = maxScore(result[index].score, tag.score)
            } else {
                positions[tag.name] = result.count
                result.append(tag)
            }
        }
        return result
    }

    private static func maxScore(_ lhs: Double?, _ rhs: Double?) -> Double? {
        guard let lhs else { return rhs }
        guard let rhs else { return lhs }
        return max(lhs, rhs)
    }

    /// Applies max-tags limits: per category, then in total, dropping only droppable categories'
    /// tags, lowest score first (unscored lowest), later position first among equals.
    private func limited(_ tags: [Tag], report: inout MappingReport) -> [Tag] {
        var keep = [Bool](repeating: true, count: tags.count)
        let scores = tags.map { $0.score ?? -.infinity }
        func dropOrder(_ indices: [Int]) -> [Int] {
            indices.sorted { lhs, rhs in
                scores[lhs] != scores[rhs] ? scores[lhs] < scores[rhs] : lhs > rhs
            }
        }
        for (category, limit) in maxTags.sorted(by: { $0.key < $1.key }) where policy.isDroppable(category) {
            let indices = tags.indices.filter { tags[$0].category == category }
            guard indices.count > limit else { continue }
            for index in dropOrder(indices).prefix(indices.count - limit) { keep[index] = false }
        }
        if let maxTotal {
            let kept = keep.filter { $0 }.count
            if kept > maxTotal {
                let droppable = tags.indices.filter { keep[$0] && policy.isDroppable(tags[$0].category) }
                for index in dropOrder(droppable).prefix(kept - maxTotal) { keep[index] = false }
            }
        }
        var result: [Tag] = []
        for (index, tag) in tags.enumerated() {
            if keep[index] { result.append(tag) } else { report.dropped.append(tag.name) }
        }
        return result
    }
}

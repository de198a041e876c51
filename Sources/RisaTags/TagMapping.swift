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
}

extension TagMapping.Stage {
    /// Trigger, rating and description tags are never checked against the vocabulary.
    static func isVocabularyExempt(_ category: TagCategory) -> Bool {
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

    /// Everything the stage does to one tag, found once per distinct tag.
    func resolve(_ tag: TagKey) -> Resolution {
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
}

import Foundation
import RisaCore

extension TagMapping {
    /// The keys a mapping set may have.
    public static let keys: [String] = [
        "underscores", "rewrites", "aliases", "implications", "remove", "blacklist", "categories",
        "category_patterns", "vocabulary", "unknown", "triggers", "max_tags",
    ]

    /// Compiles one mapping set, the decoded YAML (or inline) map:
    ///
    /// ```yaml
    /// underscores: true                 # long_hair -> long hair; ^_^ stays (names of 3 characters or fewer)
    /// rewrites:                         # regexes, in order, before everything else
    ///   - {pattern: '^(.+)_\(cosplay\)$', replace: '$1', ignore_case: false}
    /// aliases: {old: new}               # transitive; loops refused
    /// implications: {child: [parent]}   # transitive; loops refused (a string is one parent)
    /// remove: [watermark]               # deleted from the tags
    /// blacklist: {guro: "not for this dataset"}   # or a list; the item is flagged for exclusion
    /// categories: {hatsune miku: character}
    /// category_patterns: {"* (artist)": artist}   # `*` wildcards; first match wins
    /// vocabulary: [1girl, solo]         # the allowed tags
    /// unknown: report                   # or drop: what to do with tags outside the vocabulary
    /// triggers: [sks]                   # inserted first, category trigger
    /// max_tags: {general: 30, total: 40}
    /// ```
    ///
    /// When `underscores` is on, the names written in the set are converted the same way, so
    /// `long_hair` and `long hair` mean the same tag there.
    /// - Parameters:
    ///   - value: the mapping set.
    ///   - source: where it came from (a file path or `inline`), prefixed to error messages.
    ///   - policy: which categories may be dropped by `max_tags`.
    /// - Throws: `TagsError` naming the source and key path, e.g. `anime.yaml: aliases.foo: expected
    ///   a string`, or showing a loop.
    public static func compile(_ value: Value, source: String, policy: CategoryPolicy = .default) throws -> TagMapping {
        var reader = MappingReader(source: source)
        return TagMapping(stages: [try reader.compile(value, policy: policy)])
    }
}

private struct MappingReader {
    let source: String
    var underscores = false

    init(source: String) {
        self.source = source
    }

    func fail(_ path: String, _ message: String) -> TagsError {
        TagsError(.invalidMapping, "\(source): \(path): \(message)")
    }

    func normalized(_ name: String) -> String {
        let trimmed = name.trimmingCharacters(in: .whitespaces)
        return underscores ? NameRules.underscoresToSpaces(trimmed) : trimmed
    }

    func string(_ value: Value, _ path: String) throws -> String {
        guard let text = value.stringValue, !text.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw fail(path, "expected a non-empty string")
        }
        return text
    }

    func names(_ value: Value?, _ path: String) throws -> [String] {
        switch value {
        case nil, .null?: return []
        case .string(let text)?: return [normalized(try string(.string(text), path))]
        case .list(let items)?:
            return try items.enumerated().map { normalized(try string($0.element, "\(path)[\($0.offset)]")) }
        default: throw fail(path, "expected a list of tag names")
        }
    }

    func entries(_ value: Value?, _ path: String) throws -> [(String, Value)] {
        switch value {
        case nil, .null?: return []
        case .map(let map)?: return map.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        default: throw fail(path, "expected a map")
        }
    }

    func category(_ value: Value, _ path: String) throws -> TagCategory {
        guard let text = value.stringValue, let category = TagCategory(rawValue: text) else {
            throw fail(path, "expected a category: \(TagCategory.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return category
    }

    mutating func compile(_ value: Value, policy: CategoryPolicy) throws -> TagMapping.Stage {
        guard case .map(let map) = value else { throw TagsError(.invalidMapping, "\(source): expected a map") }
        for key in map.keys.sorted() where !TagMapping.keys.contains(key) {
            throw fail(key, "not a mapping key (expected one of \(TagMapping.keys.joined(separator: ", ")))")
        }
        var stage = TagMapping.Stage(source: source)
        stage.policy = policy
        if let flag = map["underscores"] {
            guard let flag = flag.boolValue else { throw fail("underscores", "expected true or false") }
            underscores = flag
            stage.underscores = flag
        }
        stage.rewrites = try rewrites(map["rewrites"])
        let aliasPairs = try entries(map["aliases"], "aliases").map { key, target in
            (normalized(key), normalized(try string(target, "aliases.\(key)")))
        }
        let aliases = try TagGraph.resolveAliases(aliasPairs, source: source)
        func canonical(_ name: String) -> String { aliases[name] ?? name }
        let implicationPairs = try entries(map["implications"], "implications").map { key, parents in
            (canonical(normalized(key)), try names(parents, "implications.\(key)").map(canonical))
        }
        let closure = try TagGraph.closeImplications(implicationPairs, source: source)
        let removed = Set(try names(map["remove"], "remove"))
        let blacklist = try blacklistReasons(map["blacklist"])
        var categories: [String: TagCategory] = [:]
        for (key, value) in try entries(map["categories"], "categories") {
            categories[canonical(normalized(key))] = try category(value, "categories.\(key)")
        }
        stage.categoryPatterns = try categoryPatterns(map["category_patterns"])
        let vocabularyList = try names(map["vocabulary"], "vocabulary")
        let vocabulary = Set(vocabularyList.map(canonical))
        stage.hasVocabulary = map["vocabulary"] != nil && map["vocabulary"] != .null
        if let raw = map["unknown"] {
            guard let text = raw.stringValue, let policy = TagMapping.UnknownPolicy(rawValue: text) else {
                throw fail("unknown", "expected report or drop")
            }
            stage.unknown = policy
        }
        stage.triggers = try triggerWords(map["triggers"])
        try limits(map["max_tags"], policy: policy, into: &stage)
        stage.limits.sort { $0.category < $1.category }

        func categoryOf(_ name: String) -> TagCategory? {
            categories[name] ?? stage.categoryPatterns.first { $0.0.matches(name) }?.1
        }
        var named = Set(aliases.keys).union(aliases.values).union(removed).union(blacklist.keys)
        named.formUnion(categories.keys)
        named.formUnion(vocabularyList)
        for (child, parents) in closure {
            named.insert(child)
            named.formUnion(parents)
        }
        for name in named {
            let target = canonical(name)
            let parents = (closure[target] ?? []).filter { !removed.contains($0) }.map {
                TagMapping.Parent(name: $0, category: categoryOf($0), blacklist: blacklist[$0])
            }
            stage.ruleIndex[name] = stage.rules.count
            stage.rules.append(
                TagMapping.Rule(
                    canonical: target, aliased: target != name,
                    removed: removed.contains(name) || removed.contains(target),
                    category: categoryOf(target), blacklist: blacklist[name] ?? blacklist[target],
                    known: !stage.hasVocabulary || vocabulary.contains(target),
                    parents: parents))
        }
        return stage
    }

    func rewrites(_ value: Value?) throws -> [RewriteRule] {
        guard let value, value != .null else { return [] }
        guard case .list(let items) = value else { throw fail("rewrites", "expected a list of {pattern, replace}") }
        return try items.enumerated().map { index, item in
            let path = "rewrites[\(index)]"
            guard case .map(let rule) = item else { throw fail(path, "expected a map with pattern and replace") }
            for key in rule.keys.sorted() where !["pattern", "replace", "ignore_case"].contains(key) {
                throw fail("\(path).\(key)", "not a rewrite key (expected pattern, replace, ignore_case)")
            }
            guard let pattern = rule["pattern"]?.stringValue, !pattern.isEmpty else {
                throw fail("\(path).pattern", "expected a regular expression")
            }
            guard let replace = rule["replace"]?.stringValue else {
                throw fail("\(path).replace", "expected a replacement string (may be empty, $1 for groups)")
            }
            let ignoreCase = rule["ignore_case"]?.boolValue ?? false
            do {
                return try RewriteRule(pattern: pattern, template: replace, ignoreCase: ignoreCase)
            } catch {
                throw fail("\(path).pattern", "invalid regular expression \(pattern)")
            }
        }
    }

    func blacklistReasons(_ value: Value?) throws -> [String: String] {
        switch value {
        case nil, .null?: return [:]
        case .list?:
            return Dictionary(
                try names(value, "blacklist").map { ($0, "blacklisted") }, uniquingKeysWith: { a, _ in a })
        case .map?:
            var reasons: [String: String] = [:]
            for (key, reason) in try entries(value, "blacklist") {
                reasons[normalized(key)] = try string(reason, "blacklist.\(key)")
            }
            return reasons
        default: throw fail("blacklist", "expected a list of tags or a map of tag: reason")
        }
    }

    func categoryPatterns(_ value: Value?) throws -> [(GlobPattern, TagCategory)] {
        switch value {
        case nil, .null?: return []
        case .map?:
            return try entries(value, "category_patterns").map { key, category in
                (GlobPattern(key), try self.category(category, "category_patterns.\(key)"))
            }
        case .list(let items)?:
            return try items.enumerated().map { index, item in
                let path = "category_patterns[\(index)]"
                let pattern = try string(item["pattern"] ?? .null, "\(path).pattern")
                return (GlobPattern(pattern), try category(item["category"] ?? .null, "\(path).category"))
            }
        default: throw fail("category_patterns", "expected a map of pattern: category or a list of {pattern, category}")
        }
    }

    func triggerWords(_ value: Value?) throws -> [String] {
        switch value {
        case nil, .null?: return []
        case .string(let text)?: return [try string(.string(text), "triggers")]
        case .list(let items)?: return try items.enumerated().map { try string($0.element, "triggers[\($0.offset)]") }
        default: throw fail("triggers", "expected a trigger word or a list of them")
        }
    }

    func limits(_ value: Value?, policy: CategoryPolicy, into stage: inout TagMapping.Stage) throws {
        for (key, raw) in try entries(value, "max_tags") {
            guard let limit = raw.intValue, limit >= 0 else {
                throw fail("max_tags.\(key)", "expected a count (0 or more)")
            }
            if key == "total" {
                stage.maxTotal = limit
            } else {
                let limited = try category(.string(key), "max_tags.\(key)")
                if policy.isDroppable(limited) { stage.limits.append((limited, limit)) }
            }
        }
    }
}

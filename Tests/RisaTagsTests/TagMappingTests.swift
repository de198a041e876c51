import RisaCore
import Testing

@testable import RisaTags

@Suite struct TagMappingTests {
    private func compile(_ yaml: [String: Value]) throws -> TagMapping {
        try TagMapping.compile(.map(yaml), source: "test.yaml")
    }

    private func names(_ result: MappingResult) -> [String] { result.tags.map(\.name) }

    @Test func aliasesAreTransitive() throws {
        let mapping = try compile(["aliases": .map(["a": .string("b"), "b": .string("c")])])
        let result = mapping.apply(to: [Tag("a"), Tag("x")])
        #expect(names(result) == ["c", "x"])
        #expect(result.report.aliased == [TagChange(from: "a", to: "c")])
    }

    @Test func aliasLoopShowsTheLoop() {
        #expect(throws: TagsError(.loop, "test.yaml: aliases.a: loop a -> b -> c -> a")) {
            try compile(["aliases": .map(["a": .string("b"), "b": .string("c"), "c": .string("a")])])
        }
        #expect(throws: TagsError(.loop, "test.yaml: aliases.a: loop a -> a")) {
            try compile(["aliases": .map(["a": .string("a")])])
        }
    }

    @Test func implicationsAreTransitiveAndFollowAliases() throws {
        let mapping = try compile([
            "aliases": .map(["miku": .string("hatsune miku")]),
            "implications": .map([
                "hatsune miku": .list([.string("vocaloid")]), "vocaloid": .string("music"),
            ]),
            "categories": .map(["hatsune miku": .string("character"), "vocaloid": .string("copyright")]),
        ])
        let result = mapping.apply(to: [Tag("miku", score: 0.9)])
        #expect(
            result.tags.map(\.description) == [
                "character:hatsune miku (0.9)", "copyright:vocaloid (0.9)", "character:music (0.9)",
            ])
        #expect(result.report.implied == ["vocaloid", "music"])
    }

    @Test func implicationLoopIsRefused() {
        do {
            _ = try compile(["implications": .map(["a": .string("b"), "b": .string("a")])])
            Issue.record("expected a loop error")
        } catch let error as TagsError {
            #expect(error.code == .loop)
            #expect(error.message == "test.yaml: implications.a: loop a -> b -> a")
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func underscoresKeepShortKaomoji() throws {
        let mapping = try compile([
            "underscores": .bool(true), "aliases": .map(["long_hair": .string("very_long_hair")]),
        ])
        let result = mapping.apply(to: [Tag("^_^"), Tag(">_<"), Tag("long_hair"), Tag("blue_eyes"), Tag("o_o_")])
        #expect(names(result) == ["^_^", ">_<", "very long hair", "blue eyes", "o o "])
    }

    @Test func removalsDeleteAndBlacklistFlags() throws {
        let mapping = try compile([
            "remove": .list([.string("watermark")]),
            "blacklist": .map(["gore": .string("not in this dataset")]),
            "aliases": .map(["guro": .string("gore")]),
        ])
        let result = mapping.apply(to: [Tag("watermark"), Tag("smile"), Tag("guro")])
        #expect(names(result) == ["smile", "gore"])
        #expect(result.report.removed == ["watermark"])
        #expect(result.isExcluded)
        #expect(result.report.blacklisted == [BlacklistHit(tag: "gore", reason: "not in this dataset")])
        #expect(!mapping.apply(to: [Tag("smile")]).isExcluded)
    }

    @Test func regexRewritesRunOnlyWhereTheyMatch() throws {
        let mapping = try compile([
            "rewrites": .list([.map(["pattern": .string(#"^(.+)_\(cosplay\)$"#), "replace": .string("$1")])])
        ])
        let result = mapping.apply(to: [Tag("miku_(cosplay)"), Tag("smile")])
        #expect(names(result) == ["miku", "smile"])
        #expect(result.report.rewritten == [TagChange(from: "miku_(cosplay)", to: "miku")])
        #expect(RewriteRule.requiredLiteral(of: #"^(.+)_\(cosplay\)$"#) == "_(cosplay)")
        #expect(RewriteRule.requiredLiteral(of: "a|b") == "")
        #expect(RewriteRule.requiredLiteral(of: "abc?d") == "ab")
        #expect(RewriteRule.requiredLiteral(of: "x[ab]yz") == "yz")
    }

    @Test func categoriesByNameAndPattern() throws {
        let mapping = try compile([
            "categories": .map(["miku": .string("character")]),
            "category_patterns": .map(["* (artist)": .string("artist"), "*res": .string("meta")]),
        ])
        let result = mapping.apply(to: [Tag("miku"), Tag("foo (artist)"), Tag("highres"), Tag("smile")])
        #expect(result.tags.map(\.category) == [.character, .artist, .meta, .general])
        #expect(GlobPattern("a*b*c").matches("aXbYc") && !GlobPattern("a*b*c").matches("acb"))
        #expect(GlobPattern("ab*ba").matches("aba") == false)
    }

    @Test func vocabularyReportsOrDropsUnknown() throws {
        let vocabulary: Value = .list([.string("1girl"), .string("smile")])
        let report = try compile(["vocabulary": vocabulary]).apply(to: [
            Tag("1girl"), Tag("zzz"), Tag("safe", category: .rating),
        ])
        #expect(names(report) == ["1girl", "zzz", "safe"])
        #expect(report.report.unknown == ["zzz"])
        let drop = try compile(["vocabulary": vocabulary, "unknown": .string("drop")]).apply(to: [
            Tag("1girl"), Tag("zzz"),
        ])
        #expect(names(drop) == ["1girl"])
        #expect(drop.report.unknown == ["zzz"])
    }

    @Test func triggersComeFirstWithoutDuplicates() throws {
        let mapping = try compile(["triggers": .list([.string("sks")])])
        let result = mapping.apply(to: [Tag("smile"), Tag("sks")])
        #expect(result.tags.map(\.description) == ["trigger:sks", "general:smile"])
    }

    @Test func maxTagsKeepsFixedCategories() throws {
        let mapping = try compile(["max_tags": .map(["general": .int(2), "character": .int(0), "total": .int(3)])])
        let tags = [
            Tag("miku", category: .character), Tag("rin", category: .character),
            Tag("a", score: 0.9), Tag("b", score: 0.2), Tag("c", score: 0.5), Tag("d"),
        ]
        let result = mapping.apply(to: tags)
        #expect(names(result) == ["miku", "rin", "a"])
        #expect(Set(result.report.dropped) == ["b", "c", "d"])
        let byOrder = try compile(["max_tags": .map(["general": .int(1)])]).apply(to: [Tag("x"), Tag("y")])
        #expect(names(byOrder) == ["x"])
    }

    @Test func combinedSetsApplyInOrder() throws {
        let first = try compile(["aliases": .map(["a": .string("b")])])
        let second = try TagMapping.compile(.map(["aliases": .map(["b": .string("c")])]), source: "second.yaml")
        let result = TagMapping.combined([first, second]).apply(to: [Tag("a")])
        #expect(names(result) == ["c"])
        #expect(result.report.aliased.count == 2)
        #expect(TagMapping.combined([first, second]).sources == ["test.yaml", "second.yaml"])
    }

    @Test func errorsNameTheKeyPath() {
        #expect(throws: TagsError(.invalidMapping, "test.yaml: aliases.foo: expected a non-empty string")) {
            try compile(["aliases": .map(["foo": .int(1)])])
        }
        #expect(throws: TagsError.self) { try compile(["bogus": .bool(true)]) }
        #expect(throws: TagsError(.invalidMapping, "test.yaml: rewrites[0].pattern: invalid regular expression (")) {
            try compile(["rewrites": .list([.map(["pattern": .string("("), "replace": .string("")])])])
        }
        #expect(throws: TagsError.self) { try compile(["categories": .map(["x": .string("people")])]) }
        #expect(throws: TagsError.self) { try compile(["max_tags": .map(["general": .int(-1)])]) }
    }

    @Test func duplicatesMergeKeepingTheHighestScore() throws {
        let mapping = try compile(["aliases": .map(["a": .string("b")])])
        let result = mapping.apply(to: [Tag("b", score: 0.3), Tag("a", score: 0.8)])
        #expect(result.tags == [Tag("b", score: 0.8)])
    }

    /// A correctness check of the workload the release-mode measurement times (100,000 images of
    /// 30 tags): here on a small set so the suite stays fast.
    @Test func typicalWorkloadSmallSet() throws {
        let mapping = try compile([
            "underscores": .bool(true),
            "aliases": .map(["tag_1": .string("tag_2")]),
            "implications": .map(["tag_3": .string("parent")]),
            "remove": .list([.string("tag_4")]),
            "triggers": .string("sks"),
            "max_tags": .map(["general": .int(25)]),
        ])
        let images = (0..<50).map { image in
            (0..<30).map { Tag("tag_\((image + $0) % 40)", score: Double($0) / 30) }
        }
        var options = CaptionOptions()
        options.keepTokens = .fixedCategories
        for tags in images {
            let result = mapping.apply(to: tags)
            let caption = CaptionWriter.caption(for: result.tags, options: options)
            #expect(caption.text.hasPrefix("sks, "))
            #expect(caption.keepTokens == 1)
            #expect(result.tags.filter { $0.category == .general }.count <= 25)
            #expect(!result.tags.contains { $0.name == "tag 4" || $0.name == "tag 1" })
        }
    }
}

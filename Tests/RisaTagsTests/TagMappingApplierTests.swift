import RisaCore
import Testing

@testable import RisaTags

/// `TagMapping.Applier` remembers each stage's decision per distinct tag; what it gives must be
/// exactly what a fresh `apply` gives for every image, whatever came before.
@Suite struct TagMappingApplierTests {
    static let mapping: TagMapping = {
        let first = try! TagMapping.compile(
            .map([
                "underscores": .bool(true),
                "rewrites": .list([.map(["pattern": .string("^(.+)_\\(cosplay\\)$"), "replace": .string("$1")])]),
                "aliases": .map(["miku": .string("hatsune miku")]),
                "implications": .map(["hatsune miku": .string("vocaloid")]),
                "remove": .list([.string("lowres")]),
                "blacklist": .list([.string("guro")]),
                "category_patterns": .map(["*_(artist)": .string("artist")]),
                "vocabulary": .list([.string("hatsune miku"), .string("vocaloid"), .string("smile")]),
                "unknown": .string("drop"),
                "max_tags": .map(["general": .int(1)]),
            ]), source: "first.yaml")
        let second = try! TagMapping.compile(
            .map(["triggers": .list([.string("sks")]), "aliases": .map(["smile": .string("smiling")])]),
            source: "second.yaml")
        return TagMapping.combined([first, second])
    }()

    static let images: [[RisaTags.Tag]] = [
        [Tag("miku_(cosplay)", score: 0.9, source: "wd14"), Tag("smile", score: 0.8), Tag("lowres")],
        [Tag("miku", category: .character, score: 0.7), Tag("guro"), Tag("unknown_thing", score: 0.99)],
        [Tag("smile", category: .meta), Tag("smile", score: 0.2), Tag("pen_(artist)")],
        [Tag("miku_(cosplay)", score: 0.1), Tag("vocaloid", score: 0.95), Tag("smile", score: 0.96)],
        [],
    ]

    @Test func givesWhatAFreshApplyGivesForEveryImage() {
        var applier = Self.mapping.applier()
        // Twice over, so the second pass is answered from what the first remembered.
        for image in Self.images + Self.images {
            #expect(applier.apply(to: image) == Self.mapping.apply(to: image), "\(image)")
        }
    }

    @Test func theSameNameInAnotherCategoryIsDecidedAgain() {
        var applier = Self.mapping.applier()
        let general = applier.apply(to: [Tag("smile")])
        let meta = applier.apply(to: [Tag("smile", category: .meta)])
        #expect(general.tags.map(\.description) == ["trigger:sks", "general:smiling"])
        // Outside the vocabulary check (meta is not exempt, but the tag is known) its category stays.
        #expect(meta.tags.map(\.description) == ["trigger:sks", "meta:smiling"])
    }
}

/// `Applier.mapTags(in:)` (metadata in, metadata out, counted into a tally) gives what mapping each
/// image's decoded tags with `apply(to:)` and adding up the reports gives.
@Suite struct TagMappingBatchTests {
    @Test func mappingMetadataMatchesMappingTagsAndTheTallyAddsUpTheReports() throws {
        var batch = TagMappingApplierTests.mapping.applier()
        var expected = MappingTally()
        for image in TagMappingApplierTests.images + TagMappingApplierTests.images {
            let metadata: [String: Value] = ["tags": TagMetadata.encode(image), "width": .int(3)]
            let mapped = try batch.mapTags(in: metadata)
            let reference = TagMappingApplierTests.mapping.apply(to: image)
            #expect(mapped.tags == TagMetadata.encode(reference.tags), "\(image)")
            #expect(mapped.blacklisted == reference.report.blacklisted)
            #expect(mapped.changed == !reference.report.isEmpty)
            expected.items += 1
            if !reference.report.isEmpty { expected.changedItems += 1 }
            expected.add(reference.report)
        }
        #expect(batch.tally == expected)
        #expect(batch.tally.total("triggers") == 10)
        #expect(batch.tally.counts["dropped"]?.isEmpty == false)
        #expect(batch.tally.blacklistReasons.keys.contains("guro"))
    }

    @Test func malformedTagMetadataIsAnErrorNamingTheField() {
        var batch = TagMappingApplierTests.mapping.applier()
        #expect(throws: TagsError.self) {
            try batch.mapTags(in: [
                "tags": .map(["names": .list([.string("a")]), "categories": .list([.string("colour")])])
            ])
        }
    }
}

/// `TagMetadata.encode` with a column cache gives the same value as without, image after image.
@Suite struct TagColumnCacheTests {
    @Test func cachedColumnsEqualFreshOnes() throws {
        var cache = TagMetadata.ColumnCache()
        let images: [[RisaTags.Tag]] = [
            [
                Tag("a", category: .trigger, source: "trigger"), Tag("b", score: 0.5, source: "wd14"),
                Tag("c", source: "implied"),
            ],
            [
                Tag("x", category: .trigger, source: "trigger"), Tag("y", score: 0.7, source: "wd14"),
                Tag("z", source: "implied"),
            ],
            [Tag("x", category: .trigger, source: "trigger"), Tag("y", score: 0.7, source: "implied"), Tag("z")],
            [Tag("p", category: .meta), Tag("q", category: .meta)],
            [Tag("p", source: "wd14"), Tag("q", source: "wd14")],
            [],
        ]
        for image in images + images {
            let cached = TagMetadata.encode(
                count: image.count, name: { image[$0].name }, category: { image[$0].category },
                score: { image[$0].score }, source: { image[$0].source }, cache: &cache)
            #expect(cached == TagMetadata.encode(image), "\(image)")
            #expect(try TagMetadata.tags(in: ["tags": cached]) == image)
        }
    }
}

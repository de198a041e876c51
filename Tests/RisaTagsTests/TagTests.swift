import RisaCore
import Testing

@testable import RisaTags

@Suite struct TagTests {
    @Test func namespaceSetsTheCategory() {
        #expect(Tag(parsing: "character:hatsune_miku") == Tag("hatsune_miku", category: .character))
        #expect(Tag(parsing: "series:vocaloid").category == .copyright)
        #expect(Tag(parsing: "creator:someone").category == .artist)
    }

    @Test func unknownPrefixesAndKaomojiStayWhole() {
        #expect(Tag(parsing: ":d") == Tag(":d"))
        #expect(Tag(parsing: "re:zero") == Tag("re:zero"))
        #expect(Tag(parsing: "character:") == Tag("character:"))
    }

    @Test func metadataRoundTrip() throws {
        let tags = [
            Tag("sks", category: .trigger, source: "trigger"),
            Tag("long hair", category: .general, score: 0.875, source: "wd14"),
            Tag("a photo of a cat", category: .description),
        ]
        let metadata = TagMetadata.setting(tags, in: ["other": .int(1)])
        #expect(metadata["other"] == .int(1))
        #expect(try TagMetadata.tags(in: metadata) == tags)
        #expect(
            tags[1].encoded
                == .map([
                    "name": .string("long hair"), "category": .string("general"), "score": .number(0.875),
                    "source": .string("wd14"),
                ]))
        #expect(tags[0].encoded["score"] == nil)
    }

    @Test func metadataErrorsNameTheElement() {
        let metadata: [String: Value] = ["tags": .list([.map(["name": .string("a")]), .map(["name": .int(3)])])]
        #expect(throws: TagsError(.invalidMetadata, "metadata.tags[1].name: expected a non-empty string")) {
            try TagMetadata.tags(in: metadata)
        }
        let badCategory: [String: Value] = ["tags": .list([.map(["name": .string("a"), "category": .string("x")])])]
        #expect(throws: TagsError.self) { try TagMetadata.tags(in: badCategory) }
    }

    @Test func captionInMetadata() {
        let metadata = TagMetadata.setting(caption: "sks, 1girl", in: [:])
        #expect(TagMetadata.caption(in: metadata) == "sks, 1girl")
    }

    @Test func defaultPolicy() {
        let policy = CategoryPolicy.default
        #expect(policy.order.first == .trigger)
        #expect(!policy.isDroppable(.character))
        #expect(policy.isDroppable(.general))
        #expect(CategoryPolicy(order: [.general], fixed: []).order.count == TagCategory.allCases.count)
    }

    @Test func categoriesAreFoundByTheirExactNameOnly() {
        for category in TagCategory.allCases {
            #expect(TagCategory.named(category.rawValue) == category)
            #expect(TagCategory.named(category.rawValue.uppercased()) == nil)
            #expect(TagCategory.named(category.rawValue + "s") == nil)
        }
        for near in ["", "gen", "generaL", "charactor", "metaa", "rating ", "deskription", "xeneral", "ɡeneral"] {
            #expect(TagCategory.named(near) == nil, "\(near)")
        }
    }
}

import RisaCore
import Testing

@testable import RisaTags

/// `TagMetadata`: tags travel column-wise in item metadata.
@Suite struct TagMetadataTests {
    @Test func tagsAreStoredAsColumnsWithOneSharedSource() {
        let tags = [
            Tag("miku", category: .character, score: 0.97, source: "wd14"), Tag("1girl", score: 0.5, source: "wd14"),
        ]
        #expect(
            TagMetadata.encode(tags)
                == .map([
                    "names": .list([.string("miku"), .string("1girl")]),
                    "categories": .list([.string("character"), .string("general")]),
                    "scores": .list([.number(0.97), .number(0.5)]),
                    "source": .string("wd14"),
                ]))
    }

    @Test func mixedScoresAndSourcesKeepTheirNulls() throws {
        let tags = [
            Tag("sks", category: .trigger), Tag("smile", score: 0.75, source: "wd14"), Tag("solo", source: "sidecar"),
        ]
        let value = TagMetadata.encode(tags)
        #expect(value["scores"] == .list([.null, .number(0.75), .null]))
        #expect(value["sources"] == .list([.null, .string("wd14"), .string("sidecar")]))
        #expect(value["source"] == nil)
        #expect(try TagMetadata.tags(in: ["tags": value]) == tags)
    }

    @Test func withoutScoresOrSourcesThoseColumnsAreLeftOut() throws {
        let value = TagMetadata.encode([Tag("a"), Tag("b", category: .meta)])
        #expect(value.mapValue.map { Set($0.keys) } == ["names", "categories"])
        #expect(try TagMetadata.tags(in: ["tags": value]) == [Tag("a"), Tag("b", category: .meta)])
        #expect(try TagMetadata.tags(in: ["tags": TagMetadata.encode([])]).isEmpty)
        #expect(try TagMetadata.tags(in: [:]).isEmpty)
    }

    @Test func theEarlierListOfMapsIsStillRead() throws {
        let old: [String: Value] = [
            "tags": .list([
                .map(["name": .string("smile"), "category": .string("general"), "score": .number(0.5)]),
                .map(["name": .string("rem"), "category": .string("character"), "source": .string("sidecar")]),
            ])
        ]
        #expect(
            try TagMetadata.tags(in: old) == [
                Tag("smile", score: 0.5), Tag("rem", category: .character, source: "sidecar"),
            ])
        #expect(TagMetadata.tagNames(in: old) == ["smile", "rem"])
    }

    @Test func tagNamesReadOnlyTheNameColumn() {
        let metadata = TagMetadata.setting([Tag("b", score: 0.1), Tag("a", category: .rating)], in: ["width": .int(3)])
        #expect(TagMetadata.tagNames(in: metadata) == ["b", "a"])
        #expect(metadata["width"] == .int(3))
        #expect(TagMetadata.tagNames(in: ["tags": .string("nonsense")]).isEmpty)
    }

    @Test func malformedColumnsNameTheFieldAndIndex() {
        func failure(_ columns: [String: Value]) -> String? {
            do {
                _ = try TagMetadata.tags(in: ["tags": .map(columns)])
                return nil
            } catch let error as TagsError {
                return error.message
            } catch {
                return "\(error)"
            }
        }
        let names: Value = .list([.string("a"), .string("b")])
        #expect(failure([:]) == "metadata.tags.names: expected a list of strings")
        #expect(
            failure(["names": .list([.string("a"), .string("")])])
                == "metadata.tags.names[1]: expected a non-empty string")
        #expect(
            failure(["names": names, "categories": .list([.string("general")])])
                == "metadata.tags.categories: expected a list of 2 elements, one per name")
        #expect(
            failure(["names": names, "categories": .list([.string("general"), .string("hair")])])?
                .hasPrefix("metadata.tags.categories[1]: expected one of general, character") == true)
        #expect(
            failure(["names": names, "scores": .list([.number(1), .string("high")])])
                == "metadata.tags.scores[1]: expected a number or null")
        #expect(failure(["names": names, "source": .int(3)]) == "metadata.tags.source: expected a string")
        #expect(
            failure(["names": names, "sources": .list([.null, .int(1)])])
                == "metadata.tags.sources[1]: expected a string or null")
        #expect(throws: TagsError.self) { try TagMetadata.tags(in: ["tags": .string("a, b")]) }
    }
}

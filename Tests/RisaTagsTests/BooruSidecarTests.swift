import Foundation
import RisaCore
import Testing

@testable import RisaTags

@Suite struct BooruSidecarTests {
    @Test func danbooru() throws {
        let post = try CanonicalJSON.parse(
            """
            {"id": 1, "rating": "s", "tag_string": "1girl hatsune_miku vocaloid",
             "tag_string_general": "1girl long_hair", "tag_string_character": "hatsune_miku",
             "tag_string_copyright": "vocaloid", "tag_string_artist": "someone", "tag_string_meta": "highres"}
            """)
        #expect(BooruSidecar.detect(post) == .danbooru)
        let tags = try BooruSidecar.tags(from: post, name: "1.json")
        #expect(
            tags.map(\.description) == [
                "artist:someone", "copyright:vocaloid", "character:hatsune_miku", "general:1girl", "general:long_hair",
                "meta:highres", "rating:sensitive",
            ])
        #expect(tags.allSatisfy { $0.source == "danbooru" })
    }

    @Test func gelbooruWithWrapper() throws {
        let post = try CanonicalJSON.parse(
            """
            {"@attributes": {"limit": 1, "offset": 0, "count": 1},
             "post": [{"id": 7, "tags": "1girl  smile ^_^", "rating": "general"}]}
            """)
        #expect(BooruSidecar.detect(post) == .gelbooru)
        let tags = try BooruSidecar.tags(from: post, name: "7.json")
        #expect(tags.map(\.description) == ["general:1girl", "general:smile", "general:^_^", "rating:general"])
    }

    @Test func e621() throws {
        let post = try CanonicalJSON.parse(
            """
            {"id": 3, "rating": "s", "tags": {"general": ["smile"], "species": ["canine"],
             "character": ["someone_(character)"], "artist": ["painter"], "copyright": ["series"],
             "meta": ["hi_res"], "lore": ["male_(lore)"], "invalid": ["bad_tag"]}}
            """)
        #expect(BooruSidecar.detect(post) == .e621)
        let tags = try BooruSidecar.tags(from: post, name: "3.json")
        #expect(
            tags.map(\.description) == [
                "artist:painter", "copyright:series", "character:someone_(character)", "general:canine",
                "general:smile", "meta:male_(lore)", "meta:hi_res", "rating:safe",
            ])
    }

    @Test func danbooruWithoutCategoryFields() throws {
        let post: Value = .map(["tag_string": .string("1girl solo"), "rating": .string("e")])
        let tags = try BooruSidecar.tags(from: post, name: "old.json")
        #expect(tags.map(\.description) == ["general:1girl", "general:solo", "rating:explicit"])
    }

    @Test func unknownShapeNamesTheFile() throws {
        #expect(throws: TagsError.self) { try BooruSidecar.tags(from: .map(["id": .int(1)]), name: "x.json") }
        let directory = try TemporaryDirectory()
        try directory.write("x.json", Data("not json".utf8))
        do {
            _ = try BooruSidecar.readTags(path: directory.path + "/x.json")
            Issue.record("expected an error")
        } catch let error as TagsError {
            #expect(error.message.hasPrefix(directory.path + "/x.json: "))
        }
    }
}

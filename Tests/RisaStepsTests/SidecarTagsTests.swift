import Foundation
import RisaCore
import Testing

@testable import RisaSteps

@Suite struct SidecarTagsTests {
    func tags(_ sidecars: SidecarTags) -> [String] {
        sidecars.tags.map { "\($0.category.rawValue):\($0.name)" }
    }

    @Test func namespacesGiveCategoriesButEmoticonsStayGeneral() throws {
        let fixture = try StepFixture()
        defer { fixture.remove() }
        let image = try fixture.write("a.png", [0])
        try fixture.write("a.caption", Array("series:vocaloid, :), 1girl, 1girl, artist:, \n\n".utf8))
        #expect(
            tags(SidecarTags(for: image)) == ["copyright:vocaloid", "general::)", "general:1girl", "general:artist:"])
        #expect(SidecarTags(for: image).tags.allSatisfy { $0.source == "sidecar" })
    }

    @Test func aPrefixThatIsNoNamespaceStaysPartOfTheName() throws {
        let fixture = try StepFixture()
        defer { fixture.remove() }
        let image = try fixture.write("c.png", [0])
        try fixture.write("c.txt", Array("re:zero, creator:pen, character:rem".utf8))
        #expect(tags(SidecarTags(for: image)) == ["general:re:zero", "artist:pen", "character:rem"])
    }

    @Test func aStemJSONWithGenericTagsAndABadTextFile() throws {
        let fixture = try StepFixture()
        defer { fixture.remove() }
        let image = try fixture.write("b.jpg", [0])
        try fixture.write(
            "b.json", Array(#"{"tags": "rating:safe blue_sky character:miku", "rating": "q", "artist": "pen"}"#.utf8))
        try fixture.write("b.txt", [0xFF, 0xFE, 0x00])
        let sidecars = SidecarTags(for: image)
        #expect(tags(sidecars) == ["rating:safe", "general:blue_sky", "character:miku", "rating:questionable"])
        #expect(sidecars.artist == "pen")
        #expect(sidecars.warnings == ["b.txt is not UTF-8 text; ignored"])
        #expect(sidecars.files == ["b.json", "b.txt"])
    }
}

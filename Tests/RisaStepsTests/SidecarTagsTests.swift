import Foundation
import RisaCore
import Testing

@testable import RisaSteps

@Suite struct SidecarTagsTests {
    func tags(_ sidecars: SidecarTags) -> [String] {
        sidecars.tags.compactMap { tag in
            guard let map = tag.mapValue else { return nil }
            return "\(map["category"]?.stringValue ?? ""):\(map["name"]?.stringValue ?? "")"
        }
    }

    @Test func namespacesGiveCategoriesButEmoticonsStayGeneral() throws {
        let fixture = try StepFixture()
        defer { fixture.remove() }
        let image = try fixture.write("a.png", [0])
        try fixture.write("a.caption", Array("series:vocaloid, :), 1girl, 1girl, artist:, \n\n".utf8))
        #expect(tags(SidecarTags(for: image)) == ["series:vocaloid", "general::)", "general:1girl", "general:artist:"])
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

import Foundation
import RisaCore
import RisaTags
import Testing

/// `tags.map` applies mapping files and inline maps to every item, rejects blacklisted items with
/// the reason, reports what it did, and re-maps when a mapping file changes.
@Suite struct TagsMapTests {
    static let pipeline = """
        steps:
          imported:
            uses: tags.import
            with: {images: media/}
          mapped:
            uses: tags.map
            with:
              images: ${{ steps.imported.outputs.images }}
              mappings: [mapping.yaml]
              map: {triggers: [sks]}
        """

    static func makeProject() throws -> Project {
        let project = try Project()
        try project.write("media/a.png", bytes: TestImages.png(width: 8, height: 8))
        try project.write("media/a.txt", "long_hair, 1girls, watermark, ^_^\n")
        try project.write("media/b.png", bytes: TestImages.png(width: 8, height: 8, rgb: (0, 0, 0)))
        try project.write("media/b.txt", "gore, smile\n")
        try project.write(
            "mapping.yaml",
            """
            underscores: true
            aliases: {1girls: 1girl}
            remove: [watermark]
            blacklist: {gore: not for this dataset}
            """)
        return project
    }

    @Test func mapsTagsRejectsBlacklistedItemsAndReports() async throws {
        let project = try Self.makeProject()
        defer { project.remove() }
        let summary = try await project.run(Self.pipeline)
        #expect(summary.status == "succeeded", "\(summary.step("mapped")?.error ?? "")")
        let kept = try project.items(summary, "mapped")
        #expect(kept.keys.sorted() == ["a.png"])
        #expect(try project.tagNames(kept["a.png"]) == ["sks", "long hair", "1girl", "^_^"])
        let rejected = try project.items(summary, "mapped", "rejected")
        #expect(rejected["b.png"]?.metadata["rejected"] == .string("blacklisted: gore (not for this dataset)"))

        let report = try CanonicalJSON.parse(try project.read("out/p/mapped/report.json"))
        #expect(report["items"] == .int(2))
        #expect(report["rejected"] == .int(1))
        #expect(report["aliased"]?["1girls -> 1girl"] == .int(1))
        #expect(report["removed"]?["watermark"] == .int(1))
        #expect(report["triggers"]?["sks"] == .int(2))
        #expect(report["blacklisted"]?["gore"] == .map(["count": .int(1), "reason": .string("not for this dataset")]))
        #expect(report["mappings"] == .list([.string("mapping.yaml"), .string("steps.mapped.with.map")]))
    }

    @Test func editingTheMappingFileRemapsAndTheSameFileIsCached() async throws {
        let project = try Self.makeProject()
        defer { project.remove() }
        try await project.run(Self.pipeline)
        #expect(try await project.run(Self.pipeline).step("mapped")?.status == "cached")
        try project.write("mapping.yaml", "underscores: true\nremove: [watermark, ^_^]\n")
        let edited = try await project.run(Self.pipeline)
        #expect(edited.step("mapped")?.status == "ran")
        let kept = try project.items(edited, "mapped")
        #expect(try project.tagNames(kept["a.png"]) == ["sks", "long hair", "1girls"])
        #expect(kept["b.png"] != nil)
    }

    @Test func aliasLoopsFailShowingTheLoop() async throws {
        let project = try Self.makeProject()
        defer { project.remove() }
        try project.write("mapping.yaml", "aliases: {a: b, b: a}\n")
        let summary = try await project.run(Self.pipeline)
        let error = summary.step("mapped")?.error ?? ""
        #expect(error.contains("mapping.yaml"), "\(error)")
        #expect(error.contains("a -> b -> a") || error.contains("b -> a -> b"), "\(error)")
    }

    @Test func theDefaultRecipeCompilesAndCleansTaggerTags() async throws {
        let project = try Self.makeProject()
        defer { project.remove() }
        let recipe = TaggerRunTests.repository.appendingPathComponent("recipes/tags/default.yaml")
        try project.write("mapping.yaml", try String(contentsOf: recipe, encoding: .utf8))
        try project.write("media/b.txt", "twintails, highres, hatsune_miku_(cosplay)\n")
        let summary = try await project.run(Self.pipeline)
        #expect(summary.status == "succeeded", "\(summary.step("mapped")?.error ?? "")")
        let kept = try project.items(summary, "mapped")
        #expect(try project.tagNames(kept["a.png"]) == ["sks", "long hair", "1girl", "^_^"])
        #expect(try project.tagNames(kept["b.png"]) == ["sks", "twintails", "long hair", "hatsune miku"])
    }
}

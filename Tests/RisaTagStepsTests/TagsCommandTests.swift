import Foundation
import RisaCore
import RisaTags
import Testing

@testable import RisaCLI

/// What `risa tags stats / export / apply` read: a run's tagged items, a dataset folder's captions,
/// and the diff of an edited table.
@Suite struct TagsCommandTests {
    static let pipeline = """
        steps:
          imported:
            uses: tags.import
            with: {images: media/}
          captioned:
            uses: caption.write
            with: {images: "${{ steps.imported.outputs.images }}", keep_tokens: 1, keep_tokens_separator: "|||"}
          build:
            uses: dataset.build
            with: {images: "${{ steps.captioned.outputs.images }}", token: sks, keep_tokens_separator: "|||"}
        """

    static func makeProject() async throws -> (Project, String) {
        let project = try Project()
        try project.write("media/a.png", bytes: TestImages.png(width: 8, height: 8))
        try project.write("media/a.txt", "trigger:sks, character:alice, smile\n")
        try project.write("media/b.png", bytes: TestImages.png(width: 8, height: 8, rgb: (0, 0, 0)))
        try project.write("media/b.txt", "trigger:sks, smile, solo\n")
        let summary = try await project.run(Self.pipeline)
        #expect(summary.status == "succeeded", "\(summary.steps.compactMap(\.error))")
        return (project, summary.run)
    }

    @Test func aRunsItemsKeepTheirCategories() async throws {
        let (project, run) = try await Self.makeProject()
        defer { project.remove() }
        let images = try await TaggedItems.fromRun(
            String(run.prefix(12)), step: "imported", output: "images", root: project.root)
        #expect(images.map(\.image) == ["a.png", "b.png"])
        let statistics = TagStatistics(items: images.map(\.tags))
        #expect(statistics.top(.general).map(\.name) == ["smile", "solo"])
        #expect(statistics.top(.character).map(\.name) == ["alice"])
        #expect(statistics.top(.trigger).first?.count == 2)
        await #expect(throws: CommandFailure.self) {
            try await TaggedItems.fromRun(run, step: "nope", output: "images", root: project.root)
        }
    }

    @Test func aDatasetFoldersCaptionsAreSplitAtTheKeepTokensMarker() async throws {
        let (project, _) = try await Self.makeProject()
        defer { project.remove() }
        let images = try TaggedItems.fromDataset(project.url("out/p/build/dataset").path)
        #expect(images.map(\.image) == ["10_sks/a.png", "10_sks/b.png"])
        #expect(images[0].tags.map(\.name) == ["sks", "alice", "smile"])
        // The manifest keeps each tag's category, which the caption alone does not carry.
        #expect(images[0].tags.map(\.description) == ["trigger:sks", "character:alice", "general:smile"])
        let statistics = TagStatistics(items: images.map(\.tags))
        #expect(statistics.top(.trigger).map(\.name) == ["sks"])
        #expect(statistics.top(.general).map(\.name) == ["smile", "solo"])
    }

    @Test func theDiffNamesAddedAndRemovedTagsPerImage() {
        let current: [String: [RisaTags.Tag]] = [
            "a.png": [RisaTags.Tag("red"), RisaTags.Tag("solo")], "b.png": [RisaTags.Tag("blue")],
        ]
        let edited = [
            TaggedImage(image: "a.png", tags: [RisaTags.Tag("crimson"), RisaTags.Tag("solo")]),
            TaggedImage(image: "b.png", tags: [RisaTags.Tag("blue")]),
            TaggedImage(image: "c.png", tags: [RisaTags.Tag("green")]),
        ]
        let diff = TagTableDiff(edited: edited, current: current)
        #expect(diff.lines == ["a.png: +crimson -red"])
        #expect(diff.missing == ["c.png"])
    }
}

import Foundation
import RisaCore
import RisaEngine
import RisaStore
import Testing

/// `images.merge`: several sets in order, metadata kept, bytes not copied, clashes named.
@Suite struct ImagesMergeTests {
    private func names(_ project: EngineFixture, _ summary: RunSummary, _ step: String) throws -> [String] {
        let digest = try #require(summary.step(step)?.outputs["images"]?.first?.digest)
        return try project.store.itemSet(digest).items.map(\.name)
    }

    @Test func mergesSetsInOrderKeepingMetadata() async throws {
        let project = try EngineFixture(extraSteps: [LabelStep(name: "test.label-images", outputType: .images)])
        defer { project.remove() }
        try project.write("a/1.png", "one")
        try project.write("a/same.png", "same")
        try project.write("b/2.png", "two")
        try project.write("b/same.png", "same")
        let summary = try await project.run(
            """
            steps:
              label:
                uses: test.label-images
                with: {files: b/, label: from-b}
              merge:
                uses: images.merge
                with:
                  images: [a/, "${{ steps.label.outputs.files }}"]
            """)
        #expect(summary.status == "succeeded")
        #expect(try names(project, summary, "merge") == ["1.png", "same.png", "2.png"])
        let digest = try #require(summary.step("merge")?.outputs["images"]?.first?.digest)
        let items = try project.store.itemSet(digest).items
        #expect(items[2].metadata["label"] == .string("from-b"))
        #expect(items[0].metadata.isEmpty)
        #expect(try project.read("out/p/merge/images/2.png") == "two")
    }

    @Test func aNameWithOtherBytesIsAnErrorUnlessPrefixed() async throws {
        let project = try EngineFixture()
        defer { project.remove() }
        try project.write("a/x.png", "first")
        try project.write("b/x.png", "second")
        let clash = try await project.run("steps:\n  merge:\n    uses: images.merge\n    with: {images: [a/, b/]}\n")
        #expect(clash.status == "failed")
        #expect(clash.step("merge")?.error?.contains("'x.png' is in set 1 and set 2 with different bytes") == true)
        let prefixed = try await project.run(
            "steps:\n  merge:\n    uses: images.merge\n    with: {images: [a/, b/], prefix: true}\n")
        #expect(prefixed.status == "succeeded")
        #expect(try names(project, prefixed, "merge") == ["1/x.png", "2/x.png"])
    }
}

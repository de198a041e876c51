import Foundation
import RisaCore
import RisaEngine
import RisaState
import RisaStore
import Testing

/// Per-item steps that give several items or none for one input, set-level steps that read and
/// write item sets, and metadata as part of an item's cache key.
@Suite struct ItemOutcomeTests {
    private func fixture() throws -> EngineFixture {
        try EngineFixture(extraSteps: [LinesStep(), LabelStep()])
    }

    private func itemSet(
        _ project: EngineFixture, _ summary: RunSummary, step: String, output: String
    ) throws -> ItemSet {
        let digest = try #require(summary.step(step)?.outputs[output]?.first?.digest)
        return try project.store.itemSet(digest)
    }

    @Test func anItemGivesSeveralItemsOrIsRejectedWithItsReason() async throws {
        let project = try fixture()
        defer { project.remove() }
        try project.write("data/a.txt", "x\ny\n")
        try project.write("data/b.txt", "drop me\n")
        try project.write("data/c.txt", "z\n")
        let pipeline = "steps:\n  split:\n    uses: test.lines\n    with: {files: data/}\n"
        let first = try await project.run(pipeline)
        let step = try #require(first.step("split"))
        #expect(first.status == "succeeded")
        #expect((step.total, step.ran, step.rejected) == (3, 3, 1))
        #expect(try project.read("out/p/split/lines/a/0.txt") == "x\n")
        #expect(try project.read("out/p/split/lines/a/1.txt") == "y\n")
        #expect(try project.read("out/p/split/lines/c/0.txt") == "z\n")
        #expect(try project.read("out/p/split/rejected/b.txt") == "drop me\n")
        let lines = try itemSet(project, first, step: "split", output: "lines")
        #expect(lines.items.map(\.name) == ["a/0.txt", "a/1.txt", "c/0.txt"])
        #expect(lines.items[1].metadata == ["line": .int(1), "source": .string("a.txt")])
        let rejected = try itemSet(project, first, step: "split", output: "rejected")
        #expect(rejected.items.map(\.name) == ["b.txt"])
        #expect(rejected.items[0].metadata["rejected"] == .string("contains drop"))
        let records = try await project.records.items(run: RunID(first.run), step: "split")
        let skipped = try #require(records.first { $0.name == "b.txt" })
        #expect(skipped.status == .skipped)
        #expect(skipped.error == "contains drop")

        let again = try await project.run(pipeline)
        let cached = try #require(again.step("split"))
        #expect(cached.status == "cached")
        #expect((cached.total, cached.cached, cached.rejected) == (3, 3, 1))
    }

    @Test func aChangedFileReprocessesOnlyItsOwnItems() async throws {
        let project = try fixture()
        defer { project.remove() }
        try project.write("data/a.txt", "x\ny\n")
        try project.write("data/b.txt", "drop me\n")
        let pipeline = "steps:\n  split:\n    uses: test.lines\n    with: {files: data/}\n"
        try await project.run(pipeline)
        try project.write("data/b.txt", "kept now\n")
        let changed = try await project.run(pipeline)
        #expect(changed.step("split")?.ran == 1)
        #expect(changed.step("split")?.cached == 1)
        #expect(changed.step("split")?.rejected == 0)
        #expect(try project.read("out/p/split/lines/b/0.txt") == "kept now\n")
        #expect(try itemSet(project, changed, step: "split", output: "rejected").items.isEmpty)
    }

    @Test func aSetLevelStepReusesItemBytesAndChangesMetadata() async throws {
        let project = try fixture()
        defer { project.remove() }
        for name in ["a", "b", "c"] { try project.write("data/\(name).txt", "\(name)\n") }
        let pipeline = """
            params: {label: {type: string, default: one}}
            steps:
              label:
                uses: test.label
                with: {files: data/, label: "${{ params.label }}"}
              copy:
                uses: files.map
                with:
                  files: ${{ steps.label.outputs.files }}
                  run: cp "$IN" "$OUT"
            """
        let first = try await project.run(pipeline)
        #expect(first.status == "succeeded")
        let labelled = try itemSet(project, first, step: "label", output: "files")
        #expect(labelled.items.map(\.name) == ["a.txt", "b.txt", "c.txt"])
        #expect(labelled.items.allSatisfy { $0.metadata["label"] == .string("one") })
        // The bytes were taken in from the folder once, not rewritten by the step.
        #expect(labelled.items[0].digest == Digest(of: Data("a\n".utf8)))
        #expect(try project.store.blobs.contains(labelled.items[0].digest))
        #expect(try project.read("out/p/label/files/b.txt") == "b\n")
        #expect(first.step("copy")?.ran == 3)

        // Only the metadata changes upstream: the per-item step sees new items and runs them again.
        let relabelled = try await project.run(pipeline, params: ["label": .string("two")])
        #expect(relabelled.step("copy")?.ran == 3)
        let copies = try itemSet(project, relabelled, step: "copy", output: "files")
        #expect(copies.items.allSatisfy { $0.metadata["label"] == .string("two") })

        let again = try await project.run(pipeline, params: ["label": .string("two")])
        #expect(again.statuses == ["label": "cached", "copy": "cached"])
    }

    @Test func twoItemsUnderOneNameAreAnErrorNamingBoth() async throws {
        let project = try fixture()
        defer { project.remove() }
        try project.write("data/x/a.txt", "1\n")
        try project.write("data/y/a.txt", "2\n")
        let flattened = try await project.run(
            "steps:\n  s:\n    uses: test.label\n    with: {files: data/, label: l, flatten: true}\n")
        #expect(flattened.status == "failed")
        #expect(flattened.step("s")?.error?.contains("two output items are both named a.txt") == true)

        try project.write("lines/a.txt", "1\n")
        try project.write("lines/a.md", "2\n")
        let split = try await project.run("steps:\n  s:\n    uses: test.lines\n    with: {files: lines/}\n")
        #expect(split.status == "failed")
        #expect(
            split.step("s")?.error?.contains("two output items are both named a/0.txt (from a.md and a.txt)") == true,
            "\(split.step("s")?.error ?? "")")
    }
}

import Foundation
import RisaCore
import RisaEngine
import RisaState
import RisaStore
import Testing

/// `Lineage`: the steps a file passed through, back to the input item it was made from.
@Suite struct LineageTests {
    static let pipeline = """
        steps:
          split:
            uses: test.lines
            with: {files: data/}
          label:
            uses: test.label
            with: {files: "${{ steps.split.outputs.lines }}", label: kept}
          copy:
            uses: files.map
            with:
              files: ${{ steps.label.outputs.files }}
              run: cp "$IN" "$OUT"
        """

    @Test func tracesAFileThroughEveryStepBackToItsInputItem() async throws {
        let project = try EngineFixture(extraSteps: [LinesStep(), LabelStep()])
        defer { project.remove() }
        try project.write("data/a.txt", "x\ny\n")
        try project.write("data/b.txt", "z\n")
        let summary = try await project.run(Self.pipeline)
        #expect(summary.status == "succeeded")
        let detail = try await project.records.run(RunID(summary.run))
        let digest = Digest(of: Data("y\n".utf8))
        let lineage = try #require(
            try await Lineage.trace(digest, in: detail, records: project.records, store: project.store))
        #expect(lineage.links.map(\.stepID) == ["split", "label", "copy"])
        #expect(lineage.links.map(\.name) == ["a/1.txt", "a/1.txt", "a/1.txt"])
        let origin = lineage.links[0]
        #expect(origin.input == Digest(of: Data("x\ny\n".utf8)))
        #expect(origin.inputName == "a.txt => a/1.txt")
        #expect(origin.metadata == ["line": .int(1), "source": .string("a.txt")])
        #expect(lineage.links[2].metadata["label"] == .string("kept"))

        #expect(
            try await Lineage.trace(
                Digest(of: Data("never made".utf8)), in: detail, records: project.records, store: project.store) == nil)
    }

    @Test func aCachedRunIsTracedThroughTheItemRecordsOfEarlierRuns() async throws {
        let project = try EngineFixture(extraSteps: [LinesStep(), LabelStep()])
        defer { project.remove() }
        try project.write("data/a.txt", "x\ny\n")
        let first = try await project.run(Self.pipeline)
        let cached = try await project.run(Self.pipeline)
        #expect(cached.statuses.values.allSatisfy { $0 == "cached" })
        let detail = try await project.records.run(RunID(cached.run))
        let digest = Digest(of: Data("y\n".utf8))
        let alone = try #require(
            try await Lineage.trace(digest, in: detail, records: project.records, store: project.store))
        #expect(alone.links[0].input == nil)
        let traced = try #require(
            try await Lineage.trace(
                digest, in: detail, records: project.records, store: project.store,
                earlierRuns: [RunID(first.run)]))
        #expect(traced.links[0].stepID == "split")
        #expect(traced.links[0].input == Digest(of: Data("x\ny\n".utf8)))
    }
}

import Foundation
import RisaCore
import RisaEngine
import Testing

/// Per-item steps (`files.map`): each item cached on its own.
@Suite struct ItemStepTests {
    static let pipeline = """
        steps:
          upper:
            uses: files.map
            with:
              files: data/
              run: tr a-z A-Z < "$IN" > "$OUT"
          count:
            uses: files.map
            with:
              files: ${{ steps.upper.outputs.files }}
              extension: len
              run: wc -c < "$IN" | tr -d ' ' > "$OUT"
        """

    private func makeData(_ project: EngineFixture, count: Int) throws {
        for index in 0..<count { try project.write("data/sub\(index % 3)/f\(index).txt", "item \(index)\n") }
    }

    @Test func processesEveryItemThenOnlyTheChangedOne() async throws {
        let project = try EngineFixture()
        defer { project.remove() }
        try makeData(project, count: 30)
        let first = try await project.run(Self.pipeline)
        #expect(first.status == "succeeded")
        #expect(first.step("upper")?.total == 30)
        #expect(first.step("upper")?.ran == 30)
        #expect(try project.read("out/p/upper/files/sub1/f4.txt") == "ITEM 4\n")
        #expect(try project.read("out/p/count/files/sub1/f4.len") == "7\n")

        let noop = try await project.run(Self.pipeline)
        #expect(noop.statuses == ["upper": "cached", "count": "cached"])

        try project.write("data/sub1/f4.txt", "item four\n")
        let changed = try await project.run(Self.pipeline)
        #expect(changed.step("upper")?.ran == 1)
        #expect(changed.step("upper")?.cached == 29)
        #expect(changed.step("upper")?.reason == "1 of 30 items changed")
        #expect(changed.step("count")?.ran == 1)
        #expect(try project.read("out/p/count/files/sub1/f4.len") == "10\n")
    }

    @Test func aChangedSetIsRepublishedItemByItem() async throws {
        let project = try EngineFixture()
        defer { project.remove() }
        try makeData(project, count: 6)
        try await project.run(Self.pipeline)
        let untouched = project.root.appendingPathComponent("out/p/upper/files/sub0/f0.txt").path
        var before = stat()
        #expect(stat(untouched, &before) == 0)
        try project.write("data/sub1/f4.txt", "item four\n")
        try FileManager.default.removeItem(at: project.root.appendingPathComponent("data/sub2/f5.txt"))
        let changed = try await project.run(Self.pipeline)
        #expect(changed.step("upper")?.ran == 1)
        var after = stat()
        #expect(stat(untouched, &after) == 0)
        #expect(after.st_ino == before.st_ino)
        #expect(try project.read("out/p/upper/files/sub1/f4.txt") == "ITEM FOUR\n")
        #expect(
            !FileManager.default.fileExists(
                atPath: project.root.appendingPathComponent("out/p/upper/files/sub2/f5.txt").path))
        #expect(
            FileManager.default.fileExists(
                atPath: project.root.appendingPathComponent("out/p/upper/files/sub2/f2.txt").path))
    }

    @Test func skipItemLeavesFailedItemsOutAndListsThem() async throws {
        let project = try EngineFixture()
        defer { project.remove() }
        try makeData(project, count: 5)
        let pipeline = """
            steps:
              picky:
                uses: files.map
                on_error: skip_item
                with:
                  files: data/
                  run: case "$NAME" in *f2.txt) echo "cannot read" >&2; exit 4;; esac; cp "$IN" "$OUT"
            """
        let summary = try await project.run(pipeline)
        #expect(summary.status == "succeeded")
        let step = try #require(summary.step("picky"))
        #expect((step.total, step.ran, step.failed) == (5, 4, 1))
        #expect(step.error == "sub2/f2.txt: the command exited with status 4")
        #expect(
            !FileManager.default.fileExists(
                atPath: project.root.appendingPathComponent("out/p/picky/files/sub2/f2.txt").path))
        #expect(
            FileManager.default.fileExists(
                atPath: project.root.appendingPathComponent("out/p/picky/files/sub0/f3.txt").path))
    }

    @Test func aFailedItemFailsTheStepButKeepsTheOthersWork() async throws {
        let project = try EngineFixture()
        defer { project.remove() }
        try makeData(project, count: 6)
        let failing = """
            steps:
              work:
                uses: files.map
                with:
                  files: data/
                  run: case "$NAME" in *f5.txt) exit 1;; esac; cp "$IN" "$OUT"
            """
        let first = try await project.run(failing)
        #expect(first.status == "failed")
        #expect(first.step("work")?.ran == 5)
        let fixed = failing.replacingOccurrences(of: "*f5.txt) exit 1;;", with: "*nothing) exit 1;;")
        let second = try await project.run(fixed)
        #expect(second.status == "succeeded")
        // The command changed, so every item re-runs; the earlier successes were still recorded.
        #expect(second.step("work")?.ran == 6)
    }

    @Test func textWriteRunsInProcess() async throws {
        let project = try EngineFixture()
        defer { project.remove() }
        let pipeline = """
            params:
              size: 768
            steps:
              config:
                uses: text.write
                with:
                  name: dataset.toml
                  text: "[general]\\nresolution = ${{ params.size }}"
            """
        let summary = try await project.run(pipeline)
        #expect(summary.statuses == ["config": "ran"])
        #expect(try project.read("out/p/config/dataset.toml") == "[general]\nresolution = 768\n")
    }
}

@Suite struct RunRecordContentTests {
    @Test func itemsAndEventsAreRecorded() async throws {
        let project = try EngineFixture()
        defer { project.remove() }
        for index in 0..<4 { try project.write("data/f\(index).txt", "\(index)") }
        try await project.run(ItemStepTests.pipeline)
        let run = try #require(try await project.records.listRuns(limit: 1).first)
        let items = try await project.records.items(run: run.id, step: "upper")
        #expect(items.map(\.name) == ["f0.txt", "f1.txt", "f2.txt", "f3.txt"])
        #expect(items.allSatisfy { $0.status == .ran && $0.outputDigest != nil })
        let kinds = try await project.records.events(run: run.id).map(\.event.kind)
        #expect(kinds.first == "run_started")
        #expect(kinds.filter { $0 == "step_finished" }.count == 2)
        #expect(kinds.last == "run_finished")
    }
}

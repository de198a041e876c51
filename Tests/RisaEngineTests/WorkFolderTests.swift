import Foundation
import RisaCore
import RisaEngine
import RisaSteps
import Synchronization
import Testing

/// Steps get private output and scratch folders that are gone after the run, and the scratch
/// folder is made only for steps that use it.
@Suite struct WorkFolderTests {
    @Test func aScratchFolderIsMadeOnFirstUseOnly() throws {
        let made = Mutex(0)
        let scratch = ScratchDirectory {
            made.withLock { $0 += 1 }
            return URL(fileURLWithPath: "/tmp/scratch-for-test")
        }
        #expect(scratch.createdURL == nil)
        #expect(made.withLock { $0 } == 0)
        #expect(try scratch.url().path == "/tmp/scratch-for-test")
        #expect(try scratch.url().path == "/tmp/scratch-for-test")
        #expect(made.withLock { $0 } == 1)
        #expect(scratch.createdURL?.path == "/tmp/scratch-for-test")
    }

    @Test func workFoldersAreRemovedEvenWhenAStepLeavesReadOnlyFilesInThem() async throws {
        let project = try EngineFixture()
        defer { project.remove() }
        let summary = try await project.run(
            """
            steps:
              messy:
                uses: shell
                with:
                  run: |
                    mkdir -p "$OUT/keep" "$OUT/locked" "$TMPDIR/deep/er"
                    echo kept > "$OUT/keep/a.txt"
                    echo left > "$OUT/locked/b.txt" && chmod 0500 "$OUT/locked"
                    echo scratch > "$TMPDIR/deep/er/c.txt" && chmod 0444 "$TMPDIR/deep/er/c.txt" && chmod 0500 "$TMPDIR/deep"
                  outputs: {keep: keep/}
              note:
                uses: text.write
                with: {text: hello}
            """)
        #expect(summary.status == "succeeded")
        // What stays is at most an empty folder kept for reuse by the next in-process step.
        let temporary = project.root.appendingPathComponent(".risa/store/tmp").path
        let left = try FileManager.default.contentsOfDirectory(atPath: temporary)
        #expect(left.count <= 1)
        for name in left { #expect(try FileManager.default.contentsOfDirectory(atPath: temporary + "/" + name) == []) }
    }
}

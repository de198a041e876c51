import Foundation
import RisaCore
import RisaEngine
import RisaStore
import Testing

/// What a power cut can leave of results written since the store's last group commit (records and
/// blobs missing, empty or cut short) is never trusted: such a step or item runs again.
@Suite struct PowerLossRecoveryTests {
    static let pipeline = """
        steps:
          note:
            uses: text.write
            with: {text: "a note long enough to be cut short"}
        """

    private func cutShort(_ path: String) {
        chmod(path, 0o644)
        truncate(path, 2)
    }

    @Test func anOutputBlobCutShortIsAMissAndIsStoredAgain() async throws {
        let project = try EngineFixture()
        defer { project.remove() }
        let first = try await project.run(Self.pipeline)
        let digest = try #require(first.step("note")?.outputs["file"]?.first?.digest)
        cutShort(project.store.blobs.url(of: digest).path)
        let second = try await project.run(Self.pipeline)
        #expect(second.statuses == ["note": "ran"])
        #expect(second.step("note")?.reason == "the cached outputs are missing from the store")
        #expect(try project.store.blobs.storedSize(of: digest) == 35)
        #expect(try project.read("out/p/note/text.txt") == "a note long enough to be cut short\n")
    }

    @Test func anEmptyActionRecordIsAMiss() async throws {
        let project = try EngineFixture()
        defer { project.remove() }
        try await project.run(Self.pipeline)
        let actions = project.root.appendingPathComponent(".risa/store/actions").path
        for shard in try FileManager.default.contentsOfDirectory(atPath: actions) {
            for name in try FileManager.default.contentsOfDirectory(atPath: actions + "/" + shard) {
                cutShort(actions + "/" + shard + "/" + name)
            }
        }
        let second = try await project.run(Self.pipeline)
        #expect(second.statuses == ["note": "ran"])
        let third = try await project.run(Self.pipeline)
        #expect(third.statuses == ["note": "cached"])
    }

    @Test func anItemWhoseBlobWasCutShortIsProcessedAgain() async throws {
        let project = try EngineFixture()
        defer { project.remove() }
        for index in 0..<4 { try project.write("data/f\(index).txt", "item number \(index)\n") }
        let pipeline = """
            steps:
              upper:
                uses: files.map
                with:
                  files: data/
                  run: tr a-z A-Z < "$IN" > "$OUT"
            """
        try await project.run(pipeline)
        let damaged = Digest(ofText: "ITEM NUMBER 2\n")
        cutShort(project.store.blobs.url(of: damaged).path)
        try project.write("data/f0.txt", "changed\n")
        let second = try await project.run(pipeline)
        #expect(second.step("upper")?.ran == 2)
        #expect(second.step("upper")?.cached == 2)
        #expect(try project.store.blobs.storedSize(of: damaged) == 14)
    }
}

extension PowerLossRecoveryTests {
    @Test func anItemSetThatDoesNotReadBackWholeIsAMissAndIsStoredAgain() async throws {
        let project = try EngineFixture()
        defer { project.remove() }
        for index in 0..<3 { try project.write("data/f\(index).txt", "item \(index)\n") }
        let pipeline = """
            steps:
              upper:
                uses: files.map
                with:
                  files: data/
                  run: tr a-z A-Z < "$IN" > "$OUT"
            """
        let first = try await project.run(pipeline)
        let set = try #require(first.step("upper")?.outputs["files"]?.first?.digest)
        let path = project.store.blobs.url(of: set).path
        chmod(path, 0o644)
        truncate(path, 10)
        let second = try await project.run(pipeline)
        #expect(second.status == "succeeded")
        #expect(second.step("upper")?.cached == 3)
        #expect(try project.store.itemSet(set).items.count == 3)
    }
}

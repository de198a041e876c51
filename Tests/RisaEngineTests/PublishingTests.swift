import Foundation
import RisaCore
import RisaEngine
import Testing

/// Outputs are published under `out/` as hard links from the store, and re-published only when
/// what is there is not the right blob.
@Suite struct PublishingTests {
    static let pipeline = """
        steps:
          note:
            uses: text.write
            with: {text: "the note"}
          copy:
            uses: shell
            with:
              run: mkdir -p "$OUT/c" && echo copied > "$OUT/c/a.txt"
              outputs: {c: c/}
        """

    @Test func aFileOutputIsALinkToItsBlobAndNeedsNoMarker() async throws {
        let project = try EngineFixture()
        defer { project.remove() }
        let summary = try await project.run(Self.pipeline)
        let digest = try #require(summary.step("note")?.outputs["file"]?.first?.digest)
        var published = stat()
        var blob = stat()
        #expect(stat(project.root.appendingPathComponent("out/p/note/text.txt").path, &published) == 0)
        #expect(stat(project.store.blobs.url(of: digest).path, &blob) == 0)
        #expect(published.st_ino == blob.st_ino)
        #expect(
            !FileManager.default.fileExists(
                atPath: project.root.appendingPathComponent("out/p/note/.risa-published.json").path))
        #expect(
            FileManager.default.fileExists(
                atPath: project.root.appendingPathComponent("out/p/copy/.risa-published.json").path))
    }

    @Test func aPublishedFileReplacedByHandIsPublishedAgain() async throws {
        let project = try EngineFixture()
        defer { project.remove() }
        try await project.run(Self.pipeline)
        let published = project.root.appendingPathComponent("out/p/note/text.txt").path
        try FileManager.default.removeItem(atPath: published)
        try project.write("out/p/note/text.txt", "edited by hand\n")
        let second = try await project.run(Self.pipeline)
        #expect(second.statuses == ["note": "cached", "copy": "cached"])
        #expect(try project.read("out/p/note/text.txt") == "the note\n")
    }

    @Test func aMarkerLeftHalfWrittenByAKilledRunIsRemovedAndALiveOnesIsKept() async throws {
        let project = try EngineFixture()
        defer { project.remove() }
        // A process that has ended: its pid names no live process (pids are not reused this fast).
        let child = try Self.exitedPid()
        try project.write("out/p/copy/.risa-published.json.tmp-\(child)-42", "{")
        try project.write("out/p/copy/.risa-published.json.tmp-\(getpid())-7", "{")
        try await project.run(Self.pipeline)
        let names = try FileManager.default.contentsOfDirectory(
            atPath: project.root.appendingPathComponent("out/p/copy").path)
        #expect(!names.contains(".risa-published.json.tmp-\(child)-42"))
        #expect(names.contains(".risa-published.json.tmp-\(getpid())-7"))
        #expect(names.contains(".risa-published.json"))
    }

    /// The pid of a child that ran `/bin/true` and was reaped.
    static func exitedPid() throws -> pid_t {
        var pid: pid_t = 0
        let argv: [UnsafeMutablePointer<CChar>?] = [strdup("/bin/true"), nil]
        defer { free(argv[0]) }
        let spawned = posix_spawn(&pid, "/bin/true", nil, nil, argv, environ)
        try #require(spawned == 0)
        var status: Int32 = 0
        waitpid(pid, &status, 0)
        return pid
    }
}

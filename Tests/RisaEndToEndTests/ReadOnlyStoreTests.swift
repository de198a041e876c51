import Foundation
import Testing

extension EndToEnd {
    /// A store on a read-only file system: runs that need to write fail with an error naming the
    /// store, runs that are fully cached still work, and the store is intact afterwards.
    @Suite(.enabled(if: PrivateMounts.available, "needs private mount namespaces (unshare -m, CAP_SYS_ADMIN)"))
    struct ReadOnlyStoreTests {
        static let pipeline = """
            name: ro
            params:
              word: {type: string, default: one}
            steps:
              make:
                uses: shell
                with:
                  run: echo "${{ params.word }}" > "$OUT/w.txt"
                  outputs: {w: w.txt}
            """

        @Test func aRunThatMustWriteFailsClearlyAndLeavesTheStoreIntact() async throws {
            let project = try TemporaryProject("readonly")
            defer { project.remove() }
            try project.write("p.yaml", Self.pipeline)
            let first = try await project.risa("run", "p.yaml")
            try #require(first.status == 0, "\(first.stderr)")
            let storePath = project.root.appendingPathComponent(".risa/store").path

            let results = try await PrivateMounts.run(
                [
                    .risa("run", "p.yaml", "-p", "word=two", "--json"), .risa("run", "p.yaml", "--json"),
                    .risa("cache", "verify"),
                ],
                mounts: [.readOnly(path: storePath)], in: project.root)

            let needsWrite = results[0]
            #expect(needsWrite.status == 1, "\(needsWrite.stderr)")
            let failed = try RunJSON(needsWrite.stdout)
            #expect(failed.statuses == ["make": "failed"])
            let error = failed.steps.first?["error"] as? String ?? ""
            #expect(error.contains(storePath), "the error does not name the store: \(error)")
            #expect(error.contains("read-only"), "the error does not say the disk is read-only: \(error)")

            let cached = results[1]
            #expect(cached.status == 0, "\(cached.stderr)")
            #expect(try RunJSON(cached.stdout).statuses == ["make": "cached"])
            #expect(results[2].status == 0, "\(results[2].stdout)")

            // Writable again: nothing half-written is left, and the failed work runs now.
            let verify = try await project.risa("cache", "verify")
            #expect(verify.status == 0, "\(verify.stdout)")
            #expect(try FileManager.default.contentsOfDirectory(atPath: storePath + "/tmp").isEmpty)
            let rerun = try await project.risa("run", "p.yaml", "-p", "word=two", "--json")
            #expect(rerun.status == 0, "\(rerun.stderr)")
            #expect(try RunJSON(rerun.stdout).statuses == ["make": "ran"])
            #expect(try project.read("out/ro/make/w.txt") == "two\n")
        }
    }
}

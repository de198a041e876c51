import Foundation
import Testing

extension EndToEnd {
    /// A full disk under the store (`RISA_DIR`) or under the published outputs (`RISA_OUT`): the run
    /// fails with a message that says so, and leaves a consistent store and no partial files.
    @Suite(
        .enabled(if: PrivateMounts.available, "needs private mount namespaces (unshare -m, CAP_SYS_ADMIN) and tmpfs"))
    struct DiskFullTests {
        static let twoMegabytes = 2 << 20

        /// `small` fits anywhere; `big` writes 3 MB.
        static let pipeline = """
            name: full
            steps:
              small:
                uses: shell
                with:
                  run: echo small > "$OUT/s.txt"
                  outputs: {s: s.txt}
              big:
                uses: shell
                with:
                  run: head -c 3000000 /dev/zero > "$OUT/z.bin"
                  outputs: {z: z.bin}
            """

        @Test func aStepWritingMoreThanTheStoreDiskHoldsFailsAndTheStoreStaysUsable() async throws {
            let project = try TemporaryProject("full-store")
            defer { project.remove() }
            try project.write("p.yaml", Self.pipeline)
            let state = project.root.appendingPathComponent("state")
            try FileManager.default.createDirectory(at: state, withIntermediateDirectories: true)

            let results = try await PrivateMounts.run(
                [
                    .risa("run", "p.yaml", "--only", "big"), .risa("cache", "verify"),
                    .risa("run", "p.yaml", "--only", "small"),
                    .shell("ls -A state/store/tmp"),
                ],
                mounts: [.tmpfs(path: state.path, bytes: Self.twoMegabytes)], in: project.root,
                environment: ["RISA_DIR": state.path])

            let big = results[0]
            #expect(big.status == 1)
            #expect(big.stderr.contains("failed    big"), "\(big.stderr)")
            #expect(big.stderr.contains("No space left on device"), "\(big.stderr)")
            #expect(results[1].status == 0, "\(results[1].stdout)\(results[1].stderr)")
            // The failed step's partial output was cleaned away, so the disk has room for more work.
            #expect(results[2].status == 0, "\(results[2].stderr)")
            #expect(try project.read("out/full/small/s.txt") == "small\n")
            #expect(
                results[3].status == 0 && results[3].stdout.isEmpty, "left in the store's tmp/: \(results[3].stdout)")
            #expect(!FileManager.default.fileExists(atPath: project.root.appendingPathComponent("out/full/big").path))
        }

        @Test func publishingToAFullOutputDiskFailsWithoutPartialFiles() async throws {
            let project = try TemporaryProject("full-out")
            defer { project.remove() }
            try project.write("p.yaml", Self.pipeline)
            let output = project.root.appendingPathComponent("small-out")
            try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)

            let results = try await PrivateMounts.run(
                [
                    .risa("run", "p.yaml", "--keep-going"), .risa("cache", "verify"),
                    .shell("cd small-out && find . -type f | sort"),
                ],
                mounts: [.tmpfs(path: output.path, bytes: Self.twoMegabytes)], in: project.root,
                environment: ["RISA_OUT": output.path])

            let run = results[0]
            #expect(run.status == 1)
            let message = run.errorLines.first { $0.contains("failed    big") } ?? run.stderr
            #expect(message.lowercased().contains("no space left"), "\(run.stderr)")
            #expect(message.contains(output.path + "/full/big"), "the error does not name where it wrote: \(message)")
            #expect(results[1].status == 0, "\(results[1].stdout)\(results[1].stderr)")
            // The full disk holds the step that fitted and nothing of the one that did not.
            #expect(
                results[2].stdout == "./full/small/.risa-published.json\n./full/small/s.txt\n", "\(results[2].stdout)")

            // With room to publish, the result computed before the disk filled is reused.
            let rerun = try await project.risa("run", "p.yaml", "--json")
            #expect(rerun.status == 0, "\(rerun.stderr)")
            #expect(try RunJSON(rerun.stdout).statuses == ["small": "cached", "big": "cached"])
            let published = try FileManager.default.attributesOfItem(
                atPath: project.root.appendingPathComponent("out/full/big/z.bin").path)
            #expect(published[.size] as? Int == 3_000_000)
        }
    }
}

import Foundation
import Testing

extension EndToEnd {
    /// `risa cache stats`, `gc` and `verify` on a real project: gc never takes away what the last run
    /// needs, so re-running it afterwards is fully cached.
    @Suite struct CacheMaintenanceTests {
        static let pipeline = """
            name: maintenance
            params:
              word: {type: string, default: alpha}
            steps:
              word:
                uses: shell
                with:
                  run: echo "${{ params.word }}" > "$OUT/w.txt"
                  outputs: {w: w.txt}
              shout:
                uses: shell
                with:
                  inputs: {w: "${{ steps.word.outputs.w }}"}
                  run: tr a-z A-Z < "$IN_w" > "$OUT/shout.txt"
                  outputs: {shout: shout.txt}
              each:
                uses: shell
                foreach: [1, 2, 3]
                with:
                  inputs: {w: "${{ steps.word.outputs.w }}"}
                  run: '{ cat "$IN_w"; echo ${{ item }}; } > "$OUT/e.txt"'
                  outputs: {e: e.txt}
            """

        /// The last number after `label: ` in `text` (the stats and gc reports print `name: value`).
        static func number(_ label: String, in text: String) -> Int? {
            guard let match = text.firstMatch(of: try! Regex("\(label): (\\d+)")) else { return nil }
            return Int(match.output[1].substring ?? "")
        }

        @Test func statsCountTheStoredBlobs() async throws {
            let project = try TemporaryProject("stats")
            defer { project.remove() }
            try project.write("p.yaml", Self.pipeline)
            try await project.risa("run", "p.yaml")
            let stats = try await project.risa("cache", "stats")
            #expect(stats.status == 0, "\(stats.stderr)")
            // w.txt, SHOUT.txt and three e.txt files, all different.
            #expect(Self.number("blobs", in: stats.stdout) == 5, "\(stats.stdout)")
            #expect(Self.number("temporary entries", in: stats.stdout) == 0, "\(stats.stdout)")
        }

        @Test func gcKeepsWhatTheLastRunNeeds() async throws {
            let project = try TemporaryProject("gc")
            defer { project.remove() }
            try project.write("p.yaml", Self.pipeline)
            let first = try await project.risa("run", "p.yaml", "-p", "word=alpha", "--json")
            try #require(first.status == 0, "\(first.stderr)")
            let last = try await project.risa("run", "p.yaml", "-p", "word=beta", "--json")
            try #require(last.status == 0, "\(last.stderr)")

            let gc = try await project.risa("cache", "gc", "--keep-runs", "1")
            #expect(gc.status == 0, "\(gc.stderr)")
            #expect(Self.number("kept blobs", in: gc.stdout) ?? 0 >= 5, "\(gc.stdout)")
            let verify = try await project.risa("cache", "verify")
            #expect(verify.status == 0, "\(verify.stdout)")

            let again = try await project.risa("run", "p.yaml", "-p", "word=beta", "--json")
            #expect(again.status == 0, "\(again.stderr)")
            let rerun = try RunJSON(again.stdout)
            #expect(rerun.statuses == ["word": "cached", "shout": "cached", "each": "cached"])
            #expect(rerun.outputDigests == (try RunJSON(last.stdout)).outputDigests)
            #expect(try project.read("out/maintenance/each/2/e.txt") == "beta\n3\n")
        }

        @Test func gcWithASizeLimitStillKeepsWhatTheLastRunNeeds() async throws {
            let project = try TemporaryProject("gc-size")
            defer { project.remove() }
            try project.write("p.yaml", Self.pipeline)
            try await project.risa("run", "p.yaml", "-p", "word=alpha")
            let last = try await project.risa("run", "p.yaml", "-p", "word=beta", "--json")
            try #require(last.status == 0, "\(last.stderr)")

            // A limit smaller than the last run's outputs: everything else goes, the last run stays.
            let gc = try await project.risa("cache", "gc", "--keep-runs", "1", "--max-size", "1")
            #expect(gc.status == 0, "\(gc.stderr)")
            #expect(
                Self.number("deleted blobs", in: gc.stdout) ?? 0 >= 2, "the alpha run's blobs were kept: \(gc.stdout)")

            let again = try await project.risa("run", "p.yaml", "-p", "word=beta", "--json")
            #expect(again.status == 0, "\(again.stderr)")
            let rerun = try RunJSON(again.stdout)
            #expect(rerun.statuses["word"] == "cached")
            #expect(rerun.statuses["shout"] == "cached")
            #expect(rerun.statuses["each"] == "cached")
        }
    }
}

import Foundation
import Testing

extension EndToEnd {
    /// Two `risa run` processes on one project at once share the work: each action executes once
    /// (single-flight across processes) and both runs succeed with the same, correct outputs.
    @Suite struct ConcurrentRunTests {
        /// Every action appends a line to `$LOG`, a file outside the project, when it executes.
        static func pipeline(log: String) -> String {
            """
            name: twice
            steps:
              first:
                uses: shell
                with:
                  env: {LOG: "\(log)"}
                  run: |
                    echo "first" >> "$LOG"
                    sleep 0.3
                    echo one > "$OUT/one.txt"
                  outputs: {one: one.txt}
              each:
                uses: shell
                foreach: [1, 2, 3, 4]
                with:
                  env: {LOG: "\(log)"}
                  inputs: {one: "${{ steps.first.outputs.one }}"}
                  run: |
                    echo "each ${{ item }}" >> "$LOG"
                    sleep 0.1
                    { cat "$IN_one"; echo ${{ item }}; } > "$OUT/e.txt"
                  outputs: {e: e.txt}
              last:
                uses: shell
                with:
                  env: {LOG: "\(log)"}
                  inputs: {one: "${{ steps.first.outputs.one }}"}
                  run: |
                    echo "last" >> "$LOG"
                    sleep 0.2
                    cat "$IN_one" "$IN_one" > "$OUT/last.txt"
                  outputs: {last: last.txt}
            """
        }

        @Test func twoRunsStartedTogetherExecuteEachActionOnce() async throws {
            let project = try TemporaryProject("concurrent")
            defer { project.remove() }
            let logFolder = try TemporaryProject("concurrent-log")
            defer { logFolder.remove() }
            let log = logFolder.root.appendingPathComponent("executed.log")
            try project.write("p.yaml", Self.pipeline(log: log.path))

            let first = try project.start("run", "p.yaml", "--json")
            let second = try project.start("run", "p.yaml", "--json")
            let results = [try await first.wait(timeout: 30), try await second.wait(timeout: 30)]
            for result in results { #expect(result.status == 0, "\(result.stderr)") }

            let executed = try String(contentsOf: log, encoding: .utf8).split(separator: "\n").map(String.init)
            #expect(executed.sorted() == ["each 1", "each 2", "each 3", "each 4", "first", "last"])

            let runs = try results.map { try RunJSON($0.stdout) }
            #expect(runs[0].runID != runs[1].runID)
            for run in runs { #expect(run.summary?["status"] as? String == "succeeded") }
            // Between them the two runs executed every action exactly once and took the rest from the cache.
            #expect(runs[0].itemCount("ran") + runs[1].itemCount("ran") == 6)
            #expect(runs[0].itemCount("cached") + runs[1].itemCount("cached") == 6)
            #expect(runs[0].outputDigests == runs[1].outputDigests)

            #expect(try project.read("out/twice/first/one.txt") == "one\n")
            for item in 1...4 { #expect(try project.read("out/twice/each/\(item - 1)/e.txt") == "one\n\(item)\n") }
            #expect(try project.read("out/twice/last/last.txt") == "one\none\n")
            let leftovers = try project.files(under: "out").keys.filter {
                $0.contains(".risa-") && !$0.hasSuffix(".risa-published.json")
            }
            #expect(leftovers.isEmpty, "\(leftovers)")

            let listed = try await project.risa("runs", "--json")
            let records = try #require(
                try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [[String: Any]])
            #expect(records.map { $0["status"] as? String } == ["succeeded", "succeeded"])
            let verify = try await project.risa("cache", "verify")
            #expect(verify.status == 0, "\(verify.stdout)")
        }
    }
}

import Foundation
import Testing

extension EndToEnd {
    /// `risa run --json`: JSON Lines on stdout, the run summary last, exit codes by outcome.
    @Suite struct RunJSONOutputTests {
        static let pipeline = """
            name: jsonl
            steps:
              words:
                uses: shell
                with:
                  run: |
                    echo "making words"
                    printf 'alpha\\nbeta\\n' > "$OUT/words.txt"
                  outputs: {words: words.txt}
              each:
                uses: shell
                foreach: [1, 2, 3]
                with:
                  inputs: {words: "${{ steps.words.outputs.words }}"}
                  run: sed 's/$/ ${{ item }}/' "$IN_words" > "$OUT/w.txt"
                  outputs: {w: w.txt}
              count:
                uses: shell
                with:
                  inputs: {words: "${{ steps.words.outputs.words }}"}
                  run: wc -l < "$IN_words" | tr -d ' ' > "$OUT/count.txt"
                  outputs: {count: count.txt}
            """

        @Test func everyLineIsJSONAndTheLastIsTheSummary() async throws {
            let project = try TemporaryProject("jsonl")
            defer { project.remove() }
            try project.write("p.yaml", Self.pipeline)
            let result = try await project.risa("run", "p.yaml", "--json")
            #expect(result.status == 0, "\(result.stderr)")
            let lines = result.lines
            #expect(lines.count > 3)
            for line in lines {
                #expect(
                    (try? JSONSerialization.jsonObject(with: Data(line.utf8))) is [String: Any],
                    "not a JSON object: \(line)")
            }
            let output = try RunJSON(result.stdout)
            #expect(
                output.events.contains { $0["event"] as? String == "log" && $0["line"] as? String == "making words" })
            let summary = try #require(output.summary)
            #expect(summary["event"] == nil)
            #expect(summary["run"] as? String == output.runID)
            #expect(summary["status"] as? String == "succeeded")
            #expect(output.steps.compactMap { $0["id"] as? String } == ["words", "each", "count"])
            for step in output.steps {
                let id = step["id"] as? String ?? "?"
                #expect(step["status"] as? String == "ran", "\(id)")
                #expect(step["duration_s"] is Double || step["duration_s"] is Int, "\(id): duration_s")
                let items = try #require(step["items"] as? [String: Int], "\(id): items")
                #expect(Set(items.keys) == ["total", "ran", "cached", "failed", "rejected"], "\(id)")
                #expect(
                    items["ran"] == items["total"] && items["cached"] == 0 && items["failed"] == 0, "\(id): \(items)")
            }
            #expect((output.steps[1]["items"] as? [String: Int])?["total"] == 3)

            let count = try #require((output.steps[2]["outputs"] as? [String: Any])?["count"] as? [String: String])
            #expect(count["digest"]?.hasPrefix("sha256:") == true)
            let path = try #require(count["path"])
            #expect(path == project.root.appendingPathComponent("out/jsonl/count/count.txt").path)
            #expect(try String(contentsOfFile: path, encoding: .utf8) == "2\n")
            let perItem = try #require((output.steps[1]["outputs"] as? [String: Any])?["w"] as? [[String: String]])
            #expect(perItem.count == 3)
            #expect(try project.read("out/jsonl/each/2/w.txt") == "alpha 3\nbeta 3\n")
            #expect(perItem.allSatisfy { $0["digest"]?.hasPrefix("sha256:") == true && $0["path"] != nil })
        }

        @Test func aSecondRunReportsEveryStepCached() async throws {
            let project = try TemporaryProject("cached")
            defer { project.remove() }
            try project.write("p.yaml", Self.pipeline)
            let first = try RunJSON(try await project.risa("run", "p.yaml", "--json").stdout)
            let again = try await project.risa("run", "p.yaml", "--json")
            #expect(again.status == 0, "\(again.stderr)")
            let second = try RunJSON(again.stdout)
            #expect(second.runID != first.runID)
            #expect(second.statuses == ["words": "cached", "each": "cached", "count": "cached"])
            #expect(second.itemCount("cached") == 5)
            #expect(second.itemCount("ran") == 0)
            #expect(!second.events.contains { $0["event"] as? String == "log" })
            #expect(second.outputDigests == first.outputDigests)
            #expect(second.outputDigests["each"]?.count == 3)
        }

        @Test func aFailingPipelineExitsOneAndSaysWhichStepFailed() async throws {
            let project = try TemporaryProject("failing")
            defer { project.remove() }
            try project.write(
                "p.yaml",
                """
                name: failing
                steps:
                  boom:
                    uses: shell
                    with: {run: "echo about to fail; exit 3", outputs: {o: o.txt}}
                  after:
                    uses: shell
                    with: {inputs: {o: "${{ steps.boom.outputs.o }}"}, run: "true"}
                """)
            let result = try await project.risa("run", "p.yaml", "--json")
            #expect(result.status == 1)
            let output = try RunJSON(result.stdout)
            #expect(output.summary?["status"] as? String == "failed")
            #expect(output.statuses == ["boom": "failed", "after": "skipped"])
            #expect(output.steps.first?["error"] as? String == "the command exited with status 3")
            #expect((output.steps.first?["items"] as? [String: Int])?["failed"] == 1)
        }
    }
}

import Foundation
import Testing

extension EndToEnd {
    /// `risa runs`, `risa show` and `risa logs` tell what a run did, from the records alone.
    @Suite struct RunRecordsTests {
        static let pipeline = """
            name: records
            steps:
              greet:
                uses: shell
                with:
                  run: |
                    echo "hello from greet"
                    echo "a warning from greet" >&2
                    echo hi > "$OUT/hi.txt"
                  outputs: {hi: hi.txt}
              quiet:
                uses: shell
                with:
                  inputs: {hi: "${{ steps.greet.outputs.hi }}"}
                  run: cp "$IN_hi" "$OUT/copy.txt"
                  outputs: {copy: copy.txt}
            """

        @Test func runsShowAndLogsTellWhatARunDid() async throws {
            let project = try TemporaryProject("records")
            defer { project.remove() }
            try project.write("p.yaml", Self.pipeline)
            let empty = try await project.risa("runs")
            #expect(empty.status == 0)
            #expect(empty.stdout == "no runs yet\n")

            let run = try await project.risa("run", "p.yaml", "--json")
            try #require(run.status == 0, "\(run.stderr)")
            let output = try RunJSON(run.stdout)
            let id = try #require(output.runID)

            let runs = try await project.risa("runs")
            #expect(runs.status == 0)
            let line = try #require(runs.lines.first)
            #expect(line.hasPrefix(id + "  succeeded"), "\(runs.stdout)")
            #expect(line.hasSuffix("records  p.yaml"), "\(runs.stdout)")

            // A unique prefix is enough to name a run.
            let show = try await project.risa("show", String(id.dropLast(3)))
            #expect(show.status == 0, "\(show.stderr)")
            #expect(show.lines.first == "run \(id): records (p.yaml)")
            #expect(show.lines.contains("status: succeeded"))
            #expect(show.lines.contains { $0.hasPrefix("  ran       greet (shell)") }, "\(show.stdout)")
            #expect(show.lines.contains { $0.hasPrefix("  ran       quiet (shell)") }, "\(show.stdout)")
            let digest =
                ((output.steps[1]["outputs"] as? [String: Any])?["copy"] as? [String: String])?["digest"] ?? "?"
            #expect(
                show.stdout.contains("copy: \(digest) \(project.root.path)/out/records/quiet/copy.txt"),
                "\(show.stdout)")

            let greetLogs = try await project.risa("logs", id, "greet")
            #expect(greetLogs.status == 0, "\(greetLogs.stderr)")
            #expect(greetLogs.lines == ["hello from greet", "a warning from greet"])
            let allLogs = try await project.risa("logs", id)
            #expect(allLogs.lines == ["greet | hello from greet", "greet ! a warning from greet"])
            let quietLogs = try await project.risa("logs", id, "quiet")
            #expect(quietLogs.status == 0)
            #expect(quietLogs.stdout.isEmpty)

            let unknown = try await project.risa("show", "19990101")
            #expect(unknown.status == 2)
            #expect(unknown.stderr.contains("19990101"), "\(unknown.stderr)")
        }
    }
}

import Foundation
import Testing

extension EndToEnd {
    /// The command line as scripts and editors rely on it: exit codes, where output goes, and the
    /// formats of `--version`, `validate`, `plan --json`, `graph`, `steps show` and `schema`.
    @Suite struct CLIContractTests {
        static let pipeline = """
            name: contract
            params:
              count: {type: int, default: 2}
            steps:
              make:
                uses: shell
                with:
                  run: seq 1 ${{ params.count }} > "$OUT/n.txt"
                  outputs: {n: n.txt}
              double:
                uses: shell
                with:
                  inputs: {n: "${{ steps.make.outputs.n }}"}
                  run: cat "$IN_n" "$IN_n" > "$OUT/d.txt"
                  outputs: {d: d.txt}
              tail:
                uses: shell
                needs: [double]
                with: {run: echo done}
            """

        /// Line 5 names an unknown step type and line 9 an unknown param.
        static let broken = """
            params:
              count: {type: int, default: 2}
            steps:
              a:
                uses: shel
                with: {run: echo hi}
              b:
                uses: shell
                with: {run: "echo ${{ params.cuont }}"}
            """

        @Test func versionNamesRisaAndEveryLinkedCLibrary() async throws {
            let project = try TemporaryProject("version")
            defer { project.remove() }
            let result = try await project.risa("--version")
            #expect(result.status == 0)
            #expect(result.stdout.hasPrefix("risa "))
            for library in ["libavformat", "ImageMagick", "libgit2", "libcurl"] {
                #expect(result.stdout.contains(library), "--version does not mention \(library): \(result.stdout)")
            }
        }

        @Test func validateAcceptsAValidFileAndReportsEveryProblemOfABrokenOne() async throws {
            let project = try TemporaryProject("validate")
            defer { project.remove() }
            try project.write("good.yaml", Self.pipeline)
            try project.write("bad.yaml", Self.broken)

            let good = try await project.risa("validate", "good.yaml")
            #expect(good.status == 0, "\(good.stderr)")
            #expect(good.stderr.isEmpty)

            let bad = try await project.risa("validate", "bad.yaml")
            #expect(bad.status == 2)
            #expect(bad.stdout.isEmpty)
            #expect(
                bad.errorLines.contains(
                    "bad.yaml:5:11: error: steps.a.uses: unknown step type 'shel' (did you mean 'shell'?)"),
                "\(bad.stderr)")
            let located = bad.errorLines.filter { $0.wholeMatch(of: /bad\.yaml:\d+:\d+: error: [\w.]+: .+/) != nil }
            #expect(located.count == 2, "\(bad.stderr)")
        }

        @Test func anUnknownFlagIsAUsageError() async throws {
            let project = try TemporaryProject("flag")
            defer { project.remove() }
            try project.write("p.yaml", Self.pipeline)
            let result = try await project.risa("run", "p.yaml", "--no-such-flag")
            #expect(result.status == 2)
            #expect(result.stderr.contains("--no-such-flag"))
            #expect(!FileManager.default.fileExists(atPath: project.root.appendingPathComponent("out").path))
        }

        @Test func planJSONListsTheStepsInExecutionOrder() async throws {
            let project = try TemporaryProject("plan")
            defer { project.remove() }
            try project.write("p.yaml", Self.pipeline)
            let result = try await project.risa("plan", "p.yaml", "--json", "-p", "count=5")
            #expect(result.status == 0, "\(result.stderr)")
            let plan = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
            #expect(plan["pipeline"] as? String == "contract")
            #expect((plan["params"] as? [String: Any])?["count"] as? Int == 5)
            let steps = try #require(plan["steps"] as? [[String: Any]])
            #expect(steps.compactMap { $0["id"] as? String } == ["make", "double", "tail"])
            #expect(steps.last?["needs"] as? [String] == ["double"])
            let run = (steps.first?["with"] as? [String: Any])?["run"] as? String
            #expect(run == "seq 1 5 > \"$OUT/n.txt\"")
        }

        @Test func aLargePlanIsPrintedInExecutionOrderWithEveryStep() async throws {
            let project = try TemporaryProject("plan-large")
            defer { project.remove() }
            var text = "name: many\nsteps:\n"
            let ids = (0..<3_000).map { "s" + String(repeating: "0", count: 4 - String($0).count) + String($0) }
            for id in ids { text += "  \(id):\n    uses: text.write\n    with: {text: \"\(id)\"}\n" }
            try project.write("p.yaml", text)
            let result = try await project.risa("plan", "p.yaml")
            #expect(result.status == 0, "\(result.stderr)")
            let headers = result.stdout.split(separator: "\n").filter { $0.first?.isNumber == true }
            #expect(headers.count == 3_000)
            let expected = ids.enumerated().map {
                "\($0.offset + 1). \($0.element) (text.write): will run: first run (no cache entry)"
            }
            #expect(headers.map(String.init) == expected)
            #expect(result.stdout.components(separatedBy: "   text: ").count == 3_001)
        }

        @Test func graphDotIsADigraph() async throws {
            let project = try TemporaryProject("graph")
            defer { project.remove() }
            try project.write("p.yaml", Self.pipeline)
            let result = try await project.risa("graph", "p.yaml", "--format", "dot")
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stdout.hasPrefix("digraph"))
            #expect(result.stdout.contains("\"make\" -> \"double\""), "\(result.stdout)")
            #expect(result.stdout.contains("\"double\" -> \"tail\""), "\(result.stdout)")
        }

        @Test func stepsShowDocumentsTheShellStepsArguments() async throws {
            let project = try TemporaryProject("steps")
            defer { project.remove() }
            let result = try await project.risa("steps", "show", "shell")
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stdout.hasPrefix("shell "))
            for argument in ["run", "inputs", "outputs", "env"] {
                #expect(
                    result.stdout.contains("\n  \(argument): "),
                    "argument '\(argument)' is not documented: \(result.stdout)")
            }
            let unknown = try await project.risa("steps", "show", "shel")
            #expect(unknown.status == 2)
            #expect(unknown.stderr.contains("did you mean 'shell'"))
        }

        @Test func schemaIsTheCommittedSchema() async throws {
            let project = try TemporaryProject("schema")
            defer { project.remove() }
            let result = try await project.risa("schema")
            #expect(result.status == 0, "\(result.stderr)")
            let committed = try String(
                contentsOf: Risa.packageRoot.appendingPathComponent("schemas/pipeline.schema.json"), encoding: .utf8)
            #expect(
                result.stdout == committed, "`risa schema` differs from schemas/pipeline.schema.json; regenerate it")
            #expect(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) is [String: Any])
        }

        @Test func anUnknownParamIsRejectedWithASuggestion() async throws {
            let project = try TemporaryProject("param")
            defer { project.remove() }
            try project.write("p.yaml", Self.pipeline)
            let result = try await project.risa("run", "p.yaml", "-p", "coutn=1")
            #expect(result.status == 2)
            #expect(result.stderr.contains("'coutn'"), "\(result.stderr)")
            #expect(result.stderr.contains("did you mean 'count'?"), "\(result.stderr)")
            #expect(!FileManager.default.fileExists(atPath: project.root.appendingPathComponent("out").path))
        }
    }
}

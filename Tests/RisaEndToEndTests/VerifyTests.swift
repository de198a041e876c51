import Foundation
import RisaGit
import Testing

extension EndToEnd {
    /// `risa verify`: two committed versions of a pipeline, runs of both, verification of each by
    /// file, revision and run id, then a planted drift that verification catches and names.
    @Suite struct VerifyTests {
        static func recipe(_ setting: String) -> String {
            """
            steps:
              transform:
                uses: shell
                with:
                  inputs: {settings: settings/transform.txt, data: data/}
                  run: |
                    mkdir -p "$OUT/result"
                    for f in "$IN_data"/*.txt; do
                      printf '%s %s\\n' "$(cat "$IN_settings")" "$(cat "$f")" > "$OUT/result/$(basename "$f")"
                    done
                    echo "\(setting)" >> "$OUT/result/a.txt"
                  outputs: {result: result/}
            outputs:
              result: ${{ steps.transform.outputs.result }}
            """
        }

        static let pipeline = """
            name: repro
            steps:
              use:
                uses: ./recipes/transform.yaml
              count:
                uses: shell
                with:
                  inputs: {result: "${{ steps.use.outputs.result }}"}
                  run: cat "$IN_result"/*.txt | wc -l | tr -d ' ' > "$OUT/count.txt"
                  outputs: {count: count.txt}
            """

        private func runID(_ result: RisaResult) throws -> String {
            try #require(try RunJSON(result.stdout).runID, "\(result.stdout)")
        }

        @Test func verifiesEachVersionByFileRevisionAndRunThenNamesDrift() async throws {
            let project = try TemporaryProject("verify")
            defer { project.remove() }
            let repository = try GitRepository.create(at: project.root)
            try project.write("pipelines/p.yaml", Self.pipeline)
            try project.write("recipes/transform.yaml", Self.recipe("v1"))
            try project.write("settings/transform.txt", "scale=1")
            try project.write("data/a.txt", "alpha")
            try project.write("data/b.txt", "beta")
            try repository.commit(["pipelines/p.yaml", "recipes/transform.yaml"], message: "v1")
            let first = try await project.risa("run", "pipelines/p.yaml", "--json")
            #expect(first.status == 0, "\(first.stderr)")
            let firstRun = try runID(first)
            let firstLock = try repository.commit(["pipelines/p.lock"], message: "v1 lock")

            try project.write("recipes/transform.yaml", Self.recipe("v2"))
            try repository.commit(["recipes/transform.yaml"], message: "v2")
            let second = try await project.risa("run", "pipelines/p.yaml", "--json")
            #expect(second.status == 0, "\(second.stderr)")
            let secondRun = try runID(second)
            try repository.commit(["pipelines/p.lock"], message: "v2 lock")

            for target in [
                "pipelines/p.yaml", "pipelines/p.yaml@\(firstLock.shortId)", firstRun, String(secondRun.dropLast(2)),
            ] {
                let verified = try await project.risa("verify", target, timeout: 60)
                #expect(verified.status == 0, "\(target): \(verified.stdout)\(verified.stderr)")
                #expect(
                    verified.stdout.contains("match: every output of 2 steps equals"), "\(target): \(verified.stdout)")
            }

            // A transform setting changed outside the recipe: both versions now drift, at the transform.
            try project.write("settings/transform.txt", "scale=2")
            for target in ["pipelines/p.yaml", firstRun] {
                let drifted = try await project.risa("verify", target, timeout: 60)
                #expect(drifted.status == 1, "\(target): \(drifted.stdout)\(drifted.stderr)")
                #expect(
                    drifted.stdout.contains("drift: step 'use/transform' produced different outputs"),
                    "\(target): \(drifted.stdout)")
                #expect(drifted.stdout.contains("~ a.txt"), "\(target): \(drifted.stdout)")
            }
        }

        @Test func aTargetThatIsNeitherAFileNorARunIsAClearError() async throws {
            let project = try TemporaryProject("verify-bad")
            defer { project.remove() }
            try project.write("p.yaml", "steps:\n  a:\n    uses: text.write\n    with: {text: a}\n")
            let missingLock = try await project.risa("verify", "p.yaml")
            #expect(missingLock.status == 2)
            #expect(missingLock.stderr.contains("p.lock does not exist"), "\(missingLock.stderr)")
            let run = try await project.risa("run", "p.yaml")
            #expect(run.status == 0)
            let unknown = try await project.risa("verify", "zzzz")
            #expect(unknown.status == 2)
            #expect(unknown.stderr.contains("'zzzz' is neither a pipeline file nor a run"), "\(unknown.stderr)")
        }
    }
}

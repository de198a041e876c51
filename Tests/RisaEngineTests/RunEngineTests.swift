import Foundation
import RisaCore
import RisaEngine
import RisaState
import Testing

/// The engine end to end on real shell steps, a real store and real SQLite records.
@Suite struct RunEngineTests {
    static let chain = """
        steps:
          make:
            uses: shell
            with:
              inputs: {data: data/}
              run: mkdir -p "$OUT/copied" && cp -r "$IN_data/." "$OUT/copied/"
              outputs: {copied: copied/}
          count:
            uses: shell
            with:
              inputs: {copied: "${{ steps.make.outputs.copied }}"}
              run: ls "$IN_copied" | wc -l | tr -d ' ' > "$OUT/count.txt"
              outputs: {count: count.txt}
          report:
            uses: shell
            with:
              inputs: {count: "${{ steps.count.outputs.count }}"}
              run: 'echo "files: $(cat "$IN_count")" > "$OUT/report.txt"'
              outputs: {report: report.txt}
        """

    @Test func runsThenTakesEverythingFromTheCache() async throws {
        let project = try EngineFixture()
        defer { project.remove() }
        try project.write("data/a.txt", "a")
        try project.write("data/b.txt", "b")
        let first = try await project.run(Self.chain)
        #expect(first.status == "succeeded")
        #expect(first.statuses == ["make": "ran", "count": "ran", "report": "ran"])
        #expect(first.step("make")?.reason == "first run (no cache entry)")
        #expect(try project.read("out/p/report/report.txt") == "files: 2\n")
        let second = try await project.run(Self.chain)
        #expect(second.statuses == ["make": "cached", "count": "cached", "report": "cached"])
        #expect(
            second.step("report")?.outputs["report"]?.first?.digest
                == first.step("report")?.outputs["report"]?.first?.digest)
    }

    @Test func publishesReadOnlyHardLinksFromTheStore() async throws {
        let project = try EngineFixture()
        defer { project.remove() }
        try project.write("data/a.txt", "a")
        let summary = try await project.run(Self.chain)
        let published = project.root.appendingPathComponent("out/p/make/copied/a.txt").path
        var status = stat()
        #expect(stat(published, &status) == 0)
        #expect(status.st_mode & 0o222 == 0)
        #expect(status.st_nlink >= 2)
        #expect(summary.outputFolder == project.root.appendingPathComponent("out/p").path)
    }

    @Test func aChangedInputRerunsWhatDependsOnItAndCutsOffEarly() async throws {
        let project = try EngineFixture()
        defer { project.remove() }
        try project.write("data/a.txt", "a")
        try project.write("data/b.txt", "b")
        try await project.run(Self.chain)
        try project.write("data/b.txt", "changed, same file count")
        let summary = try await project.run(Self.chain)
        #expect(summary.statuses == ["make": "ran", "count": "ran", "report": "cached"])
        #expect(summary.step("make")?.reason == "argument 'inputs' changed (content of 'data' changed)")
    }

    @Test func aFailureSkipsDependentsAndFailsTheRun() async throws {
        let project = try EngineFixture()
        defer { project.remove() }
        let pipeline = """
            steps:
              bad:
                uses: shell
                with: {run: "echo oops >&2; exit 3", outputs: {o: o.txt}}
              after:
                uses: shell
                with: {inputs: {o: "${{ steps.bad.outputs.o }}"}, run: "true"}
              other:
                uses: shell
                with: {run: "echo fine"}
            """
        let reporter = CollectingReporter()
        let summary = try await project.run(pipeline, reporter: reporter) {
            $0.keepGoing = true
            $0.jobs = 1
        }
        #expect(summary.status == "failed")
        #expect(summary.statuses == ["bad": "failed", "after": "skipped", "other": "ran"])
        #expect(summary.step("bad")?.error == "the command exited with status 3")
        #expect(summary.step("after")?.reason == "upstream step 'bad' failed")
        #expect(reporter.logLines.contains("oops"))
    }

    @Test func anOutputTheStepDidNotWriteAsAFileFailsTheStepNamingIt() async throws {
        let project = try EngineFixture()
        defer { project.remove() }
        let summary = try await project.run(
            """
            steps:
              missing:
                uses: shell
                with: {run: "true", outputs: {o: o.txt}}
              folder:
                uses: shell
                with: {run: "mkdir \\"$OUT/o.txt\\"", outputs: {o: o.txt}}
              dangling:
                uses: shell
                with: {run: "ln -s nowhere \\"$OUT/o.txt\\"", outputs: {o: o.txt}}
            """
        ) { $0.keepGoing = true }
        #expect(summary.statuses == ["missing": "failed", "folder": "failed", "dangling": "failed"])
        for step in ["missing", "folder", "dangling"] {
            #expect(summary.step(step)?.error == "output 'o' (o.txt) was not written as a file under $OUT", "\(step)")
        }
    }

    @Test func retriesWithBackoffUntilAnAttemptSucceeds() async throws {
        let project = try EngineFixture()
        defer { project.remove() }
        let counter = project.root.appendingPathComponent("attempts").path
        let pipeline = """
            steps:
              flaky:
                uses: shell
                retry: {attempts: 3, backoff: 10ms}
                cache: false
                with:
                  env: {COUNTER: \(counter)}
                  run: echo x >> "$COUNTER"; [ "$(wc -l < "$COUNTER")" -ge 2 ]
            """
        let summary = try await project.run(pipeline)
        #expect(summary.statuses == ["flaky": "ran"])
        #expect(try project.read("attempts") == "x\nx\n")
    }

    @Test func timeoutsKillTheCommand() async throws {
        let project = try EngineFixture()
        defer { project.remove() }
        let pipeline = """
            steps:
              slow:
                uses: shell
                timeout: 200ms
                with: {run: "sleep 300"}
            """
        let started = Date()
        let summary = try await project.run(pipeline)
        // Loose on purpose: only a timeout that does not kill could take anywhere near 300 s.
        #expect(Date().timeIntervalSince(started) < 120)
        #expect(summary.statuses == ["slow": "failed"])
        #expect(summary.step("slow")?.error?.contains("timed out") == true)
    }

    @Test func foreachCachesEachElement() async throws {
        let project = try EngineFixture()
        defer { project.remove() }
        let pipeline = """
            params:
              sizes: {type: list, of: int, default: [1, 2, 3]}
            steps:
              each:
                uses: shell
                foreach: ${{ params.sizes }}
                with:
                  run: echo ${{ item }} > "$OUT/n.txt"
                  outputs: {n: n.txt}
              sum:
                uses: shell
                with:
                  run: echo '${{ join(steps.each.outputs.n, " ") }}' > "$OUT/paths.txt"
                  outputs: {paths: paths.txt}
            """
        let first = try await project.run(pipeline)
        #expect(first.step("each")?.ran == 3)
        #expect(try project.read("out/p/each/2/n.txt") == "3\n")
        let second = try await project.run(pipeline, params: ["sizes": .list([.int(1), .int(2), .int(4)])])
        #expect(second.step("each")?.cached == 2)
        #expect(second.step("each")?.ran == 1)
    }

    @Test func cacheFalseStepsAlwaysRunButCutOffEarly() async throws {
        let project = try EngineFixture()
        defer { project.remove() }
        let pipeline = """
            steps:
              always:
                uses: shell
                cache: false
                with: {run: "echo same > \\"$OUT/o.txt\\"", outputs: {o: o.txt}}
              after:
                uses: shell
                with: {inputs: {o: "${{ steps.always.outputs.o }}"}, run: "cat \\"$IN_o\\" > \\"$OUT/p.txt\\"", outputs: {p: p.txt}}
            """
        try await project.run(pipeline)
        let second = try await project.run(pipeline)
        #expect(second.statuses == ["always": "ran", "after": "cached"])
        #expect(second.step("always")?.reason == "cache: false")
    }

    @Test func secretsStayOutOfKeysRecordsAndLogs() async throws {
        let project = try EngineFixture()
        defer { project.remove() }
        let pipeline = """
            steps:
              use:
                uses: shell
                with:
                  env: {TOKEN: "${{ secrets.API_TOKEN }}"}
                  run: echo "token is $TOKEN"; printf '%s' "$TOKEN" | wc -c > "$OUT/len.txt"
                  outputs: {len: len.txt}
            """
        let reporter = CollectingReporter()
        let summary = try await project.run(pipeline, reporter: reporter) {
            $0.secrets = ["API_TOKEN": "hunter2-very-secret"]
        }
        #expect(summary.status == "succeeded")
        #expect(reporter.logLines == ["token is ***"])
        let runs = try await project.records.listRuns(limit: 1)
        let logs = try await project.records.logs(run: runs[0].id)
        #expect(logs.map(\.text) == ["token is ***"])
        let everything = try FileManager.default.subpathsOfDirectory(
            atPath: project.root.appendingPathComponent(".risa").path)
        for path in everything {
            let url = project.root.appendingPathComponent(".risa").appendingPathComponent(path)
            guard let data = try? Data(contentsOf: url) else { continue }
            #expect(!String(decoding: data, as: UTF8.self).contains("hunter2"), "secret found in \(path)")
        }
    }

    @Test func cancellingTheRunKillsStepsAndRecordsIt() async throws {
        let project = try EngineFixture()
        defer { project.remove() }
        let pipeline = """
            steps:
              slow:
                uses: shell
                with: {run: "sleep 300"}
              later:
                uses: shell
                needs: [slow]
                with: {run: "true"}
            """
        let task = Task { try await project.run(pipeline) }
        try await Task.sleep(nanoseconds: 300_000_000)
        let started = Date()
        task.cancel()
        let summary = try await task.value
        #expect(Date().timeIntervalSince(started) < 120)
        #expect(summary.status == "cancelled")
        #expect(summary.statuses == ["slow": "cancelled", "later": "cancelled"])
        let runs = try await project.records.listRuns(limit: 1)
        #expect(runs.first?.status == .cancelled)
    }

    @Test func onlyAndForceSelectSteps() async throws {
        let project = try EngineFixture()
        defer { project.remove() }
        try project.write("data/a.txt", "a")
        let only = try await project.run(Self.chain) { $0.only = ["count"] }
        #expect(only.statuses == ["make": "ran", "count": "ran"])
        let forced = try await project.run(Self.chain) { $0.force = ["count"] }
        #expect(forced.statuses == ["make": "cached", "count": "ran", "report": "ran"])
        #expect(forced.step("count")?.reason == "forced")
        let from = try await project.run(Self.chain) { $0.from = "count" }
        #expect(from.statuses == ["make": "cached", "count": "ran", "report": "cached"])
    }

    @Test func twoRunsAtOnceBothSucceedAndShareTheWork() async throws {
        let project = try EngineFixture()
        defer { project.remove() }
        let log = project.root.appendingPathComponent("executions").path
        let pipeline = """
            steps:
              work:
                uses: shell
                with:
                  env: {LOG: \(log)}
                  run: echo run >> "$LOG"; sleep 0.3; echo done > "$OUT/o.txt"
                  outputs: {o: o.txt}
            """
        async let first = project.run(pipeline)
        async let second = project.run(pipeline)
        let (a, b) = try await (first, second)
        #expect(a.status == "succeeded" && b.status == "succeeded")
        #expect(try project.read("executions") == "run\n")
        #expect(Set([a.statuses["work"], b.statuses["work"]]) == ["ran", "cached"])
    }
}

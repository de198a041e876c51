import Foundation
import Testing

extension EndToEnd {
    /// `kill -9` at any moment of a run leaves no partial output, a consistent store and run records
    /// that say the run was interrupted; the next run finishes the work and reuses what was done.
    @Suite struct KillRecoveryTests {
        /// Eight steps, two of them fanning out over 20 elements, sleeping 50–200 ms and writing files
        /// of a few KB that start with `BEGIN` and end with `END`, so that a torn file shows.
        static let pipeline = """
            name: crash
            params:
              items: {type: list, of: int, default: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20]}
            steps:
              seed:
                uses: shell
                with:
                  run: |
                    mkdir -p "$OUT/seed"
                    for i in $(seq 1 20); do
                      { echo "BEGIN seed $i"; seq 1 150 | sed "s/^/seed $i line /"; echo "END seed $i"; } > "$OUT/seed/s$i.txt"
                    done
                  outputs: {seed: seed/}
              fan:
                uses: shell
                foreach: ${{ params.items }}
                with:
                  inputs: {seed: "${{ steps.seed.outputs.seed }}"}
                  run: |
                    echo "BEGIN fan ${{ item }}" > "$OUT/f.txt"
                    sleep 0.05
                    cat "$IN_seed/s${{ item }}.txt" >> "$OUT/f.txt"
                    echo "END fan ${{ item }}" >> "$OUT/f.txt"
                  outputs: {f: f.txt}
              square:
                uses: shell
                foreach: ${{ params.items }}
                with:
                  inputs: {seed: "${{ steps.seed.outputs.seed }}"}
                  run: |
                    echo "BEGIN square ${{ item }}" > "$OUT/g.txt"
                    sleep 0.1
                    sed 's/line/LINE/' "$IN_seed/s${{ item }}.txt" >> "$OUT/g.txt"
                    echo "END square ${{ item }}" >> "$OUT/g.txt"
                  outputs: {g: g.txt}
              merge:
                uses: shell
                with:
                  inputs: {seed: "${{ steps.seed.outputs.seed }}"}
                  run: |
                    echo "BEGIN merge" > "$OUT/merged.txt"
                    sleep 0.2
                    for i in $(seq 1 20); do cat "$IN_seed/s$i.txt" >> "$OUT/merged.txt"; done
                    echo "END merge" >> "$OUT/merged.txt"
                  outputs: {merged: merged.txt}
              count:
                uses: shell
                with:
                  inputs: {merged: "${{ steps.merge.outputs.merged }}"}
                  run: |
                    echo "BEGIN count" > "$OUT/count.txt"
                    sleep 0.1
                    wc -l < "$IN_merged" >> "$OUT/count.txt"
                    echo "END count" >> "$OUT/count.txt"
                  outputs: {count: count.txt}
              split:
                uses: shell
                with:
                  inputs: {merged: "${{ steps.merge.outputs.merged }}"}
                  run: |
                    mkdir -p "$OUT/parts"
                    for n in 1 2 3 4 5; do
                      { echo "BEGIN part $n"; grep "line $n" "$IN_merged"; echo "END part $n"; } > "$OUT/parts/part$n.txt"
                      sleep 0.03
                    done
                  outputs: {parts: parts/}
              report:
                uses: shell
                with:
                  inputs: {count: "${{ steps.count.outputs.count }}", parts: "${{ steps.split.outputs.parts }}"}
                  run: |
                    echo "BEGIN report" > "$OUT/report.txt"
                    sleep 0.05
                    cat "$IN_count" >> "$OUT/report.txt"
                    wc -l "$IN_parts"/*.txt | sed "s#$IN_parts/##" >> "$OUT/report.txt"
                    echo "END report" >> "$OUT/report.txt"
                  outputs: {report: report.txt}
              final:
                uses: shell
                needs: [fan, square]
                with:
                  inputs: {report: "${{ steps.report.outputs.report }}"}
                  run: |
                    echo "BEGIN final" > "$OUT/final.txt"
                    sleep 0.05
                    cat "$IN_report" >> "$OUT/final.txt"
                    echo "END final" >> "$OUT/final.txt"
                  outputs: {final: final.txt}
            """

        /// When the run is killed.
        enum Moment: CustomStringConvertible {
            /// A fixed time after the process started.
            case seconds(Double)
            /// Right after the run reported this many finished items and steps (40 items and 8 steps
            /// in all).
            case finishedEvents(Int)

            var description: String {
                switch self {
                case .seconds(let seconds): "\(seconds) s after start"
                case .finishedEvents(let count): "after \(count) finished items and steps"
                }
            }
        }

        static let moments: [Moment] = [
            .seconds(0.1), .seconds(0.4), .finishedEvents(1), .finishedEvents(12),
            .finishedEvents(30), .finishedEvents(45),
        ]

        @Test func aRunKilledAtAnyMomentLeavesNoPartialOutputAndTheNextRunResumes() async throws {
            let clean = try TemporaryProject("kill-reference")
            defer { clean.remove() }
            try clean.write("p.yaml", Self.pipeline)
            let reference = try await clean.risa("run", "p.yaml", "--json")
            try #require(reference.status == 0, "\(reference.stderr)")
            let expected = try clean.files(under: "out")
            try #require(expected.keys.contains("crash/final/final.txt"))
            for (path, data) in expected where !path.hasSuffix(".risa-published.json") {
                let text = String(decoding: data, as: UTF8.self)
                try #require(
                    text.hasPrefix("BEGIN") && text.hasSuffix("\n") && text.contains("END"), "reference file \(path)")
            }

            var reusedWork = 0
            for moment in Self.moments {
                reusedWork += try await killAndResume(at: moment, expected: expected)
            }
            #expect(reusedWork > 0, "no kill happened after finished work; the moments are too early to test reuse")
        }

        /// Kills a run at `moment` and checks what it left; returns how many finished items the next
        /// run took from the cache.
        private func killAndResume(at moment: Moment, expected: [String: Data]) async throws -> Int {
            let project = try TemporaryProject("kill")
            defer { project.remove() }
            try project.write("p.yaml", Self.pipeline)

            let running = try project.start("run", "p.yaml", "--json")
            switch moment {
            case .seconds(let seconds):
                try await Task.sleep(for: .milliseconds(Int(seconds * 1000)))
            case .finishedEvents(let count):
                let reached = try await running.waitForOutput(timeout: 30) {
                    Self.finishedEvents(in: $0).count >= count
                }
                #expect(reached, "\(moment): the run did not get that far")
            }
            #expect(running.isRunning, "\(moment): the run ended before it was killed")
            running.send(SIGKILL)
            let killed = try await running.wait(timeout: 10)
            #expect(killed.status == -SIGKILL, "\(moment)")

            // Whatever was published before the kill is complete: byte for byte what a clean run publishes.
            for (path, data) in try Self.withoutPublishingLeftovers(project.files(under: "out"), moment: moment) {
                #expect(expected[path] == data, "\(moment): out/\(path) is partial or unexpected")
            }
            let verifyAfterKill = try await project.risa("cache", "verify")
            #expect(verifyAfterKill.status == 0, "\(moment): \(verifyAfterKill.stdout)\(verifyAfterKill.stderr)")

            let rerun = try await project.risa("run", "p.yaml", "--json")
            #expect(rerun.status == 0, "\(moment): \(rerun.stderr)")
            let resumed = try RunJSON(rerun.stdout)
            #expect(resumed.summary?["status"] as? String == "succeeded", "\(moment)")
            let resumedFiles = try Self.withoutPublishingLeftovers(project.files(under: "out"), moment: moment)
            #expect(resumedFiles == expected, "\(moment): out/ differs from a clean run's after resuming")

            // Everything the killed run reported as finished is reused.
            let finished = Self.finishedEvents(in: killed.stdout)
            var reused = 0
            for step in resumed.steps {
                let id = step["id"] as? String ?? "?"
                let cached = (step["items"] as? [String: Int])?["cached"] ?? 0
                let itemsDone = finished.filter {
                    $0["event"] as? String == "item_finished" && $0["step"] as? String == id
                }.count
                let stepDone = finished.contains {
                    $0["event"] as? String == "step_finished" && $0["id"] as? String == id
                }
                #expect(
                    cached >= itemsDone,
                    "\(moment): \(id) finished \(itemsDone) items before the kill but reused \(cached)")
                if stepDone {
                    #expect(step["status"] as? String == "cached", "\(moment): \(id) finished before the kill")
                }
                reused += cached
            }

            if let killedRun = try? RunJSON(Self.completeLines(killed.stdout)).runID {
                let runs = try await project.risa("runs", "--json")
                let list = try #require(
                    try JSONSerialization.jsonObject(with: Data(runs.stdout.utf8)) as? [[String: Any]])
                let record = list.first { $0["id"] as? String == killedRun }
                #expect(
                    record?["status"] as? String == "interrupted",
                    "\(moment): the killed run is \(record?["status"] ?? "missing")")
            }
            let verify = try await project.risa("cache", "verify")
            #expect(verify.status == 0, "\(moment): \(verify.stdout)\(verify.stderr)")
            return reused
        }

        /// `files` without the hidden files a kill in the middle of publishing leaves next to the
        /// outputs (the temporary `.risa-published.json.tmp-PID` of OutputPublisher, the
        /// `.NAME.risa-XXXXXXXX` staging names of the materializer), each recorded as a known issue:
        /// nothing removes them yet, but they never hide or tear a published output.
        static func withoutPublishingLeftovers(_ files: [String: Data], moment: Moment) -> [String: Data] {
            files.filter { path, _ in
                let leftover = path.split(separator: "/").contains { name in
                    name.wholeMatch(of: /\.risa-published\.json\.tmp-\d+|\..+\.risa-[0-9a-f]{16}(\.old)?/) != nil
                }
                guard leftover else { return true }
                withKnownIssue(
                    "a kill while publishing leaves hidden temporary files in out/ that no later run removes",
                    isIntermittent: true
                ) {
                    Issue.record("\(moment): out/\(path) left behind")
                }
                return false
            }
        }

        /// The complete lines of `stdout` (a kill may cut the last one).
        static func completeLines(_ stdout: String) -> String {
            guard let end = stdout.lastIndex(of: "\n") else { return "" }
            return String(stdout[...end])
        }

        /// The `item_finished` and `step_finished` events of items and steps that ran or were cached.
        static func finishedEvents(in stdout: String) -> [[String: Any]] {
            guard let events = try? RunJSON(completeLines(stdout)).events else { return [] }
            return events.filter { event in
                ["item_finished", "step_finished"].contains(event["event"] as? String ?? "")
                    && ["ran", "cached"].contains(event["status"] as? String ?? "")
            }
        }
    }
}

import Foundation
import RisaCore
import Testing

@testable import RisaState

@Suite("Recording steps and their attempts")
struct StepRecordTests {
    let runID = RunID("20251122-024512-a1b2c3")

    @Test("a finished step reads back with outputs, counts, duration and cache reason")
    func roundTrip() async throws {
        try await withStore { store, _ in
            try await store.createRun(sampleRun(runID.rawValue))
            let step = StepRecord(
                runID: runID, stepID: "resize", type: "image.resize", actionKey: digest("action"),
                status: .ran, cacheReason: "argument size changed", startedAt: date(1_763_779_513.001),
                finishedAt: date(1_763_779_514.250), duration: .milliseconds(1249),
                outputs: [
                    "images": StepOutput(digest: digest("tree"), path: "out/thumbs"),
                    "report": StepOutput(digest: digest("blob")),
                ],
                items: ItemCounts(total: 10_000, ran: 1, cached: 9_998, failed: 1), error: nil)
            try await store.saveSteps([step])
            #expect(try await store.run(runID).steps == [step])
        }
    }

    @Test("saving a step again replaces it, outputs included, and keeps its place in the order")
    func replaceKeepsOrder() async throws {
        try await withStore { store, _ in
            try await store.createRun(sampleRun(runID.rawValue))
            let planned = ["fetch", "resize", "caption"].map {
                StepRecord(runID: runID, stepID: $0, type: "shell", outputs: ["old": StepOutput(digest: digest("old"))])
            }
            try await store.saveSteps(planned)
            var resized = planned[1]
            resized.status = .failed
            resized.error = "exit status 2"
            resized.outputs = ["new": StepOutput(digest: digest("new"), path: "out/new")]
            try await store.saveSteps([resized])
            let steps = try await store.run(runID).steps
            #expect(steps.map(\.stepID) == ["fetch", "resize", "caption"])
            #expect(steps[1] == resized)
            #expect(steps[0].outputs == ["old": StepOutput(digest: digest("old"))])
        }
    }

    @Test("a step of an unrecorded run is refused as a missing parent")
    func stepWithoutRun() async throws {
        try await withStore { store, _ in
            let error = try await #require(throws: StateError.self) {
                try await store.saveSteps([StepRecord(runID: runID, stepID: "resize", type: "image.resize")])
            }
            #expect(error.code == .missingParent)
        }
    }

    @Test("attempts read back by number, and saving one again replaces it")
    func attempts() async throws {
        try await withStore { store, _ in
            try await store.createRun(sampleRun(runID.rawValue))
            try await store.saveSteps([StepRecord(runID: runID, stepID: "upload", type: "http.put")])
            let second = AttemptRecord(runID: runID, stepID: "upload", number: 2, startedAt: date(20))
            let first = AttemptRecord(
                runID: runID, stepID: "upload", number: 1, startedAt: date(10), finishedAt: date(11),
                exitStatus: 7, error: "connection reset")
            try await store.saveAttempt(second)
            try await store.saveAttempt(first)
            var finishedSecond = second
            finishedSecond.finishedAt = date(25)
            finishedSecond.exitStatus = 0
            try await store.saveAttempt(finishedSecond)
            #expect(try await store.attempts(run: runID, step: "upload") == [first, finishedSecond])
        }
    }

    @Test("attempts saved together are recorded as one by one, in one transaction")
    func attemptsSavedTogether() async throws {
        try await withStore { store, _ in
            let runID = RunID("20251122-024512-a1b2c3")
            try await store.createRun(sampleRun(runID.rawValue))
            try await store.saveSteps([
                StepRecord(runID: runID, stepID: "a", type: "shell"),
                StepRecord(runID: runID, stepID: "b", type: "shell"),
            ])
            let attempts = [
                AttemptRecord(
                    runID: runID, stepID: "a", number: 1, startedAt: date(10), finishedAt: date(11), error: "failed"),
                AttemptRecord(runID: runID, stepID: "a", number: 2, startedAt: date(12), finishedAt: date(13)),
                AttemptRecord(runID: runID, stepID: "b", number: 1, startedAt: date(14), finishedAt: date(15)),
            ]
            try await store.saveAttempts(attempts)
            try await store.saveAttempts([])
            #expect(try await store.attempts(run: runID, step: "a") == Array(attempts.prefix(2)))
            #expect(try await store.attempts(run: runID, step: "b") == [attempts[2]])
            let orphan = AttemptRecord(
                runID: runID, stepID: "missing", number: 1, startedAt: date(16), finishedAt: date(17))
            let error = try await #require(throws: StateError.self) { try await store.saveAttempts([orphan]) }
            #expect(error.code == .missingParent)
        }
    }
}

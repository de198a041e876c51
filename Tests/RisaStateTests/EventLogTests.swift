import Foundation
import RisaCore
import Testing

@testable import RisaState

@Suite("The event log and step output lines")
struct EventLogTests {
    let runID = RunID("20251122-024512-a1b2c3")

    @Test("events are numbered from 1 across appends and read back in order")
    func events() async throws {
        try await withStore { store, _ in
            try await store.createRun(sampleRun(runID.rawValue))
            let first = try await store.appendEvents(
                [
                    RunEvent(timestamp: date(100), kind: "run.started", payload: .map(["steps": .int(3)])),
                    RunEvent(timestamp: date(100.25), kind: "step.started", payload: .map(["step": .string("resize")])),
                ], to: runID)
            let second = try await store.appendEvents(
                [RunEvent(timestamp: date(101), kind: "step.finished", payload: .list([.bool(true), .null]))], to: runID
            )
            #expect(first.map(\.sequence) == [1, 2])
            #expect(second.map(\.sequence) == [3])
            let stored = try await store.events(run: runID)
            #expect(stored == first + second)
            #expect(try await store.events(run: runID, after: 2) == second)
        }
    }

    @Test("events of an unrecorded run are refused")
    func eventsWithoutRun() async throws {
        try await withStore { store, _ in
            let error = try await #require(throws: StateError.self) {
                _ = try await store.appendEvents([RunEvent(timestamp: date(1), kind: "run.started")], to: runID)
            }
            #expect(error.code == .missingParent)
        }
    }

    @Test("log lines keep their append order across steps and streams, and filter by step")
    func logs() async throws {
        try await withStore { store, _ in
            try await store.createRun(sampleRun(runID.rawValue))
            try await store.saveSteps([
                StepRecord(runID: runID, stepID: "fetch", type: "shell"),
                StepRecord(runID: runID, stepID: "train", type: "shell"),
            ])
            try await store.appendLog(["downloading", "done"], stream: .stdout, step: "fetch", run: runID)
            try await store.appendLog(["epoch 1"], stream: .stdout, step: "train", run: runID)
            try await store.appendLog(["warning: low memory"], stream: .stderr, step: "fetch", run: runID)
            let all = try await store.logs(run: runID)
            #expect(all.map(\.text) == ["downloading", "done", "epoch 1", "warning: low memory"])
            #expect(all.map(\.sequence) == [1, 2, 3, 4])
            #expect(
                all.last
                    == LogLine(runID: runID, stepID: "fetch", stream: .stderr, sequence: 4, text: "warning: low memory")
            )
            #expect(try await store.logs(run: runID, step: "fetch").map(\.sequence) == [1, 2, 4])
            #expect(
                try await store.logs(run: runID, step: nil, after: 2).map(\.text) == ["epoch 1", "warning: low memory"])
        }
    }
}

import Foundation
import RisaCore
import Testing

@testable import RisaState

/// A probe that answers from a table, for processes the test does not own.
struct TableProbe: ProcessLivenessProbe {
    let answers: [Int32: ProcessLiveness]

    func liveness(of process: ProcessIdentity) -> ProcessLiveness {
        answers[process.pid] ?? .unknown
    }
}

@Suite("Finding runs left running by a process that died")
struct InterruptedRunTests {
    private func process(_ pid: Int32) -> ProcessIdentity {
        ProcessIdentity(pid: pid, host: "studio", startToken: nil)
    }

    @Test("a run whose process is dead becomes interrupted and its unfinished steps cancelled")
    func deadProcess() async throws {
        try await withStore { store, _ in
            let dead = sampleRun("20251122-010000-00000d", process: process(100))
            let alive = sampleRun("20251122-020000-00000a", process: process(200))
            let elsewhere = sampleRun("20251122-030000-00000e", process: process(300))
            let unrecorded = sampleRun("20251122-040000-00000u")
            for run in [dead, alive, elsewhere, unrecorded] { try await store.createRun(run) }
            try await store.saveSteps([
                StepRecord(runID: dead.id, stepID: "fetch", type: "shell", status: .ran, finishedAt: date(5)),
                StepRecord(runID: dead.id, stepID: "train", type: "shell", status: .running),
                StepRecord(runID: dead.id, stepID: "export", type: "shell", status: .pending),
            ])
            let probe = TableProbe(answers: [100: .dead, 200: .alive, 300: .unknown])

            let marked = try await store.recoverInterruptedRuns(probe: probe, at: date(9))

            #expect(marked == [dead.id])
            let detail = try await store.run(dead.id)
            #expect(detail.run.status == .interrupted)
            #expect(detail.run.finishedAt == date(9))
            #expect(detail.steps.map(\.status) == [.ran, .cancelled, .cancelled])
            #expect(detail.steps[0].finishedAt == date(5))
            #expect(detail.steps[1].error?.contains("ended without recording a result") == true)
            for run in [alive, elsewhere, unrecorded] {
                #expect(try await store.run(run.id).run.status == .running)
            }
        }
    }

    @Test("finished runs are left alone even when their process is gone")
    func finishedRun() async throws {
        try await withStore { store, _ in
            let run = sampleRun("20251122-010000-00000d", process: process(100))
            try await store.createRun(run)
            try await store.finishRun(run.id, status: .succeeded, at: date(3), summary: .null)
            let marked = try await store.recoverInterruptedRuns(probe: TableProbe(answers: [100: .dead]), at: date(9))
            #expect(marked.isEmpty)
            #expect(try await store.run(run.id).run.status == .succeeded)
        }
    }

    @Test("the current process's own run survives recovery with the system probe")
    func ownRunSurvives() async throws {
        try await withStore { store, _ in
            let run = sampleRun("20251122-010000-00000c", process: .current())
            try await store.createRun(run)
            #expect(try await store.recoverInterruptedRuns(probe: SystemProcessProbe(), at: date(9)).isEmpty)
            #expect(try await store.run(run.id).run.status == .running)
        }
    }

    @Test("runs still running that started before a cutoff are marked interrupted")
    func olderThanCutoff() async throws {
        try await withStore { store, _ in
            let old = sampleRun("20251122-010000-000001", startedAt: 1000)
            let recent = sampleRun("20251122-020000-000002", startedAt: 5000)
            try await store.createRun(old)
            try await store.createRun(recent)
            #expect(try await store.markInterrupted(startedBefore: date(4000), at: date(6000)) == [old.id])
            #expect(try await store.run(old.id).run.status == .interrupted)
            #expect(try await store.run(recent.id).run.status == .running)
            #expect(try await store.markInterrupted(startedBefore: date(4000), at: date(7000)).isEmpty)
        }
    }
}

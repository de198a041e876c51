import Foundation
import RisaCore
import Testing

@testable import RisaState

@Suite("Recording a run from start to end")
struct RunLifecycleTests {
    @Test("a created run reads back with every field")
    func createAndRead() async throws {
        try await withStore { store, _ in
            var run = sampleRun(
                "20251122-024512-a1b2c3", process: ProcessIdentity(pid: 4242, host: "studio", startToken: "boot:99"))
            run.git = GitInfo(repository: "git@example.com:team/media.git", commit: "0123abcd", isDirty: true)
            try await store.createRun(run)
            let detail = try await store.run(run.id)
            #expect(detail.run == run)
            #expect(detail.steps.isEmpty)
        }
    }

    @Test("finishing a run records its status, end time and summary")
    func finish() async throws {
        try await withStore { store, _ in
            let run = sampleRun("20251122-024512-a1b2c3")
            try await store.createRun(run)
            let summary: Value = .map(["ran": .int(3), "cached": .int(7)])
            try await store.finishRun(run.id, status: .failed, at: date(1_763_779_600.5), summary: summary)
            let stored = try await store.run(run.id).run
            #expect(stored.status == .failed)
            #expect(stored.finishedAt == date(1_763_779_600.5))
            #expect(stored.summary == summary)
            #expect(stored.params == run.params)
        }
    }

    @Test("git information can be added after the run started")
    func gitInfoLater() async throws {
        try await withStore { store, _ in
            let run = sampleRun("20251122-024512-a1b2c3")
            try await store.createRun(run)
            #expect(try await store.run(run.id).run.git == nil)
            let git = GitInfo(repository: "/home/me/media", commit: "feedbeef", isDirty: false)
            try await store.setGitInfo(git, for: run.id)
            #expect(try await store.run(run.id).run.git == git)
        }
    }

    @Test("a second run with the same id is refused")
    func duplicateID() async throws {
        try await withStore { store, _ in
            try await store.createRun(sampleRun("20251122-024512-a1b2c3"))
            let error = try await #require(throws: StateError.self) {
                try await store.createRun(sampleRun("20251122-024512-a1b2c3"))
            }
            #expect(error.code == .duplicateRun)
            #expect(error.message.contains("20251122-024512-a1b2c3"))
        }
    }

    @Test("finishing or reading an unknown run is a not-found error naming the database")
    func unknownRun() async throws {
        try await withStore { store, path in
            let missing = RunID("20251122-000000-ffffff")
            let finishError = try await #require(throws: StateError.self) {
                try await store.finishRun(missing, status: .succeeded, at: date(1), summary: .null)
            }
            #expect(finishError.code == .notFound)
            #expect(finishError.message.contains(path))
            let readError = try await #require(throws: StateError.self) { try await store.run(missing) }
            #expect(readError.code == .notFound)
        }
    }
}

import Foundation
import RisaCore
import Testing

@testable import RisaState

@Suite("Listing and finding runs")
struct RunQueryTests {
    @Test("runs are listed newest first, up to the limit")
    func listNewestFirst() async throws {
        try await withStore { store, _ in
            try await store.createRun(sampleRun("20251122-100000-000002", startedAt: 1_763_805_600))
            try await store.createRun(sampleRun("20251122-120000-000003", startedAt: 1_763_812_800))
            try await store.createRun(sampleRun("20251122-080000-000001", startedAt: 1_763_798_400))
            #expect(
                try await store.listRuns(limit: 10).map(\.id.rawValue) == [
                    "20251122-120000-000003", "20251122-100000-000002", "20251122-080000-000001",
                ])
            #expect(
                try await store.listRuns(limit: 2).map(\.id.rawValue) == [
                    "20251122-120000-000003", "20251122-100000-000002",
                ])
            #expect(try await store.listRuns(limit: 0).isEmpty)
        }
    }

    @Test("a unique prefix or a whole id finds its run")
    func prefixLookup() async throws {
        try await withStore { store, _ in
            try await store.createRun(sampleRun("20251122-024512-a1b2c3"))
            try await store.createRun(sampleRun("20251123-101010-ffee00"))
            #expect(try await store.resolveRunID(prefix: "20251122") == RunID("20251122-024512-a1b2c3"))
            #expect(try await store.resolveRunID(prefix: "20251123-101010-ffee00") == RunID("20251123-101010-ffee00"))
            #expect(try await store.run(matching: "20251123").run.id == RunID("20251123-101010-ffee00"))
        }
    }

    @Test("an ambiguous prefix is an error listing the candidates")
    func ambiguousPrefix() async throws {
        try await withStore { store, _ in
            try await store.createRun(sampleRun("20251122-024512-a1b2c3"))
            try await store.createRun(sampleRun("20251122-031500-0c0c0c"))
            try await store.createRun(sampleRun("20251201-000000-123456"))
            let error = try await #require(throws: StateError.self) { try await store.resolveRunID(prefix: "202511") }
            #expect(error.code == .ambiguousPrefix)
            #expect(error.message.contains("20251122-024512-a1b2c3"))
            #expect(error.message.contains("20251122-031500-0c0c0c"))
            #expect(!error.message.contains("20251201-000000-123456"))
        }
    }

    @Test("an unknown or empty prefix is a clear error")
    func unknownPrefix() async throws {
        try await withStore { store, _ in
            try await store.createRun(sampleRun("20251122-024512-a1b2c3"))
            let unknown = try await #require(throws: StateError.self) { try await store.resolveRunID(prefix: "2024") }
            #expect(unknown.code == .notFound)
            let empty = try await #require(throws: StateError.self) { try await store.resolveRunID(prefix: "") }
            #expect(empty.code == .invalidArgument)
        }
    }

    @Test("the digests of the last N runs cover step outputs, item outputs and action keys of those runs only")
    func referencedDigests() async throws {
        try await withStore { store, _ in
            for (index, name) in ["old", "middle", "new"].enumerated() {
                let runID = RunID("20251122-00000\(index)-00000\(index)")
                try await store.createRun(sampleRun(runID.rawValue, startedAt: 1_763_769_600 + Double(index)))
                try await store.saveSteps([
                    StepRecord(
                        runID: runID, stepID: "resize", type: "image.resize", actionKey: digest("key \(name)"),
                        status: .ran, outputs: ["images": StepOutput(digest: digest("tree \(name)"), path: "out")]),
                    StepRecord(runID: runID, stepID: "pending", type: "shell"),
                ])
                try await store.saveItems([
                    ItemRecord(
                        runID: runID, stepID: "resize", name: "1.png", status: .ran,
                        inputDigest: digest("input \(name)"), outputDigest: digest("item \(name)")),
                    ItemRecord(runID: runID, stepID: "resize", name: "2.png", status: .failed, error: "bad"),
                ])
            }
            let kept = try await store.referencedDigests(lastRuns: 2)
            #expect(
                kept.outputs == [digest("tree middle"), digest("item middle"), digest("tree new"), digest("item new")])
            #expect(kept.actionKeys == [digest("key middle"), digest("key new")])
            #expect(try await store.referencedDigests(lastRuns: 0) == ReferencedDigests())
        }
    }

    @Test("the last finished run of a pipeline is found without the running ones or other pipelines")
    func latestFinishedRun() async throws {
        try await withStore { store, _ in
            #expect(try await store.latestFinishedRun(pipelinePath: "pipelines/thumbs.yaml") == nil)
            try await store.createRun(sampleRun("20251122-080000-000001", startedAt: 1_763_798_400))
            try await store.finishRun(
                RunID("20251122-080000-000001"), status: .failed, at: date(1_763_798_500), summary: .map([:]))
            try await store.createRun(sampleRun("20251122-090000-000002", startedAt: 1_763_802_000))
            var other = sampleRun("20251122-100000-000003", startedAt: 1_763_805_600)
            other.pipelinePath = "pipelines/other.yaml"
            try await store.createRun(other)
            try await store.finishRun(other.id, status: .succeeded, at: date(1_763_805_700), summary: .map([:]))
            #expect(
                try await store.latestFinishedRun(pipelinePath: "pipelines/thumbs.yaml")
                    == RunID("20251122-080000-000001"))
            #expect(try await store.latestFinishedRun(pipelinePath: "pipelines/other.yaml") == other.id)
        }
    }

    @Test("the action keys of a run are read by step, leaving out steps without one")
    func actionKeysOfARun() async throws {
        try await withStore { store, _ in
            let runID = RunID("20251122-080000-000001")
            try await store.createRun(sampleRun(runID.rawValue))
            try await store.saveSteps([
                StepRecord(
                    runID: runID, stepID: "resize", type: "image.resize", actionKey: digest("resize"), status: .ran),
                StepRecord(runID: runID, stepID: "pending", type: "shell"),
            ])
            #expect(try await store.actionKeys(run: runID) == ["resize": digest("resize")])
        }
    }
}

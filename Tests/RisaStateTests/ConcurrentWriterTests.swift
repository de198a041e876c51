import Foundation
import RisaCore
import Testing

@testable import RisaState

@Suite("Two processes sharing one run database")
struct ConcurrentWriterTests {
    @Test("two stores on the same file write at once without busy errors")
    func concurrentWriters() async throws {
        try await withTemporaryDirectory { directory in
            let path = directory.path("state.db")
            // Each store has its own DatabasePool, hence its own SQLite connections and locks, as two
            // `risa run` processes would.
            let stores = [try SQLiteRunRecordStore(path: path), try SQLiteRunRecordStore(path: path)]
            let batches = 60
            try await withThrowingTaskGroup(of: Void.self) { group in
                for (index, store) in stores.enumerated() {
                    group.addTask {
                        let runID = RunID("20251122-02451\(index)-00000\(index)")
                        try await store.createRun(sampleRun(runID.rawValue))
                        try await store.saveSteps([StepRecord(runID: runID, stepID: "resize", type: "image.resize")])
                        for batch in 0..<batches {
                            _ = try await store.appendEvents(
                                [RunEvent(timestamp: date(Double(batch)), kind: "item.done")], to: runID)
                            try await store.saveItems(
                                (0..<50).map {
                                    ItemRecord(runID: runID, stepID: "resize", name: "\(batch)/\($0).png", status: .ran)
                                })
                            try await store.appendLog(["batch \(batch)"], stream: .stdout, step: "resize", run: runID)
                        }
                        try await store.finishRun(runID, status: .succeeded, at: date(1000), summary: .null)
                    }
                }
                try await group.waitForAll()
            }
            let reader = stores[0]
            let runs = try await reader.listRuns(limit: 10)
            #expect(runs.count == 2)
            #expect(runs.allSatisfy { $0.status == .succeeded })
            for run in runs {
                #expect(try await reader.events(run: run.id).map(\.sequence) == Array(1...batches))
                #expect(try await reader.items(run: run.id, step: "resize").count == batches * 50)
                #expect(try await reader.logs(run: run.id).count == batches)
            }
        }
    }
}

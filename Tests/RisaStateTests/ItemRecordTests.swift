import Foundation
import RisaCore
import Testing

@testable import RisaState

@Suite("Recording the items of batch steps")
struct ItemRecordTests {
    let runID = RunID("20251122-024512-a1b2c3")

    private func prepare(_ store: SQLiteRunRecordStore) async throws {
        try await store.createRun(sampleRun(runID.rawValue))
        try await store.saveSteps([StepRecord(runID: runID, stepID: "resize", type: "image.resize")])
    }

    @Test("items read back in the order first recorded; saving one again replaces it in place")
    func roundTrip() async throws {
        try await withStore { store, _ in
            try await prepare(store)
            let items = [
                ItemRecord(
                    runID: runID, stepID: "resize", name: "b.png", status: .cached, inputDigest: digest("b"),
                    outputDigest: digest("b-out")),
                ItemRecord(
                    runID: runID, stepID: "resize", name: "a.png", status: .failed, inputDigest: digest("a"),
                    error: "not an image"),
                ItemRecord(runID: runID, stepID: "resize", name: "c.png", status: .skipped),
            ]
            try await store.saveItems(items)
            var retried = items[1]
            retried.status = .ran
            retried.outputDigest = digest("a-out")
            retried.error = nil
            try await store.saveItems([retried])
            #expect(try await store.items(run: runID, step: "resize") == [items[0], retried, items[2]])
        }
    }

    @Test("10,000 items are recorded in one batch")
    func tenThousandItems() async throws {
        try await withStore { store, _ in
            try await prepare(store)
            let items = (0..<10_000).map { index in
                ItemRecord(
                    runID: runID, stepID: "resize", name: "images/\(index).png", status: index == 4321 ? .ran : .cached,
                    inputDigest: digest("in \(index)"), outputDigest: digest("out \(index)"))
            }
            try await store.saveItems(items)
            let stored = try await store.items(run: runID, step: "resize")
            #expect(stored.count == 10_000)
            #expect(stored.filter { $0.status == .ran }.map(\.name) == ["images/4321.png"])
        }
    }
}

import Foundation
import RisaCore
import RisaEngine
import Testing

/// Resources shared by the items of one execution, and steps that keep more items in flight than
/// `--jobs` (a batching worker).
@Suite(.serialized) struct StepResourcesTests {
    @Test func itemsShareOneResourceClosedAtTheEndAndKeepTheirOwnConcurrency() async throws {
        let project = try EngineFixture(extraSteps: [SharedResourceStep()])
        defer { project.remove() }
        for index in 0..<8 { try project.write("data/\(index).txt", "\(index)\n") }
        let opened = SharedCounter.opened.withLock { $0 }
        let closed = SharedCounter.closed.withLock { $0 }
        let summary = try await project.run("steps:\n  s:\n    uses: test.shared\n    with: {files: data/}\n")
        #expect(summary.status == "succeeded")
        #expect(SharedCounter.opened.withLock { $0 } == opened + 1)
        #expect(SharedCounter.closed.withLock { $0 } == closed + 1)
        // With --jobs 2, items still overlapped 4 at a time: the step asked for 8.
        let seen = try (0..<8).map {
            Int(try project.read("out/p/s/files/\($0).txt").trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
        }
        #expect(seen.max() ?? 0 >= 4, "\(seen)")
    }
}

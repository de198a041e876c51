import Foundation
import RisaCore
import Testing

/// A chunked pass gives what a sequential pass gives.
@Suite struct ParallelChunksTests {
    @Test func chunksComeBackInOrderAndCoverEveryItem() throws {
        let items = Array(0..<10_001)
        let chunks = try ParallelChunks.map(items, minimumChunk: 1_000) { slice in slice.map { $0 * 2 } }
        #expect(chunks.count == min(10, ProcessInfo.processInfo.activeProcessorCount))
        #expect(chunks.flatMap { $0 } == items.map { $0 * 2 })
    }

    @Test func smallInputsAreOneChunk() throws {
        #expect(try ParallelChunks.map(Array(0..<10)) { Array($0) } == [Array(0..<10)])
    }

    @Test func theFirstFailingChunkIsRethrown() {
        struct Failure: Error, Equatable { let chunk: Int }
        #expect(throws: Failure.self) {
            try ParallelChunks.map(Array(0..<8_000), minimumChunk: 1_000) { slice -> Int in
                if slice.contains(7_999) { throw Failure(chunk: slice.first ?? 0) }
                return slice.count
            }
        }
    }
}

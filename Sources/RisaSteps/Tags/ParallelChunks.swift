import Foundation
import Synchronization

/// Runs in-process work over a large array on every core: the array is cut into one contiguous
/// chunk per core, each chunk is processed on its own thread, and the chunk results come back in
/// order, so the output is the same as a sequential pass. Used by `tags.map` and `caption.write`,
/// whose per-item work is small but whose sets reach 100,000 items.
enum ParallelChunks {
    /// The results of `work` on each chunk of `items`, in chunk order.
    /// - Parameters:
    ///   - items: the input.
    ///   - minimumChunk: below twice this many items, one chunk (threads cost more than they save).
    ///   - work: processes one contiguous slice; may throw, and the first error (by chunk) is rethrown.
    static func map<Item: Sendable, Result: Sendable>(
        _ items: [Item], minimumChunk: Int = 2_000, _ work: @Sendable (ArraySlice<Item>) throws -> Result
    ) throws -> [Result] {
        let cores = max(1, ProcessInfo.processInfo.activeProcessorCount)
        let chunks = max(1, min(cores, items.count / max(1, minimumChunk)))
        if chunks == 1 { return [try work(items[...])] }
        let size = (items.count + chunks - 1) / chunks
        let results = Mutex<[Swift.Result<Result, any Error>?]>(Array(repeating: nil, count: chunks))
        DispatchQueue.concurrentPerform(iterations: chunks) { index in
            let slice = items[(index * size)..<min(items.count, (index + 1) * size)]
            let outcome = Swift.Result { try work(slice) }
            results.withLock { $0[index] = outcome }
        }
        return try results.withLock { $0 }.map { try $0!.get() }
    }
}

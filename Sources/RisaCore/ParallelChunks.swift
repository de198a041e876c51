import Foundation
import Synchronization

/// Runs in-process work over a large array on every core: the array is cut into one contiguous
/// chunk per core, each chunk is processed on its own thread, and the chunk results come back in
/// order, so the output is the same as a sequential pass. Used where per-item work is small but
/// sets reach 100,000 items: encoding and decoding item sets, `tags.map`, `caption.write`.
public enum ParallelChunks {
    /// The results of `work` on each chunk of `items`, in chunk order.
    /// - Parameters:
    ///   - items: the input.
    ///   - minimumChunk: below twice this many items, one chunk (threads cost more than they save).
    ///   - work: processes one contiguous slice; may throw, and the first error (by chunk) is rethrown
    ///     (typed: a `work` that cannot throw makes a call that cannot throw).
    public static func map<Item: Sendable, Result: Sendable, Failure: Error>(
        _ items: [Item], minimumChunk: Int = 2_000, _ work: @Sendable (ArraySlice<Item>) throws(Failure) -> Result
    ) throws(Failure) -> [Result] {
        let cores = max(1, ProcessInfo.processInfo.activeProcessorCount)
        let chunks = max(1, min(cores, items.count / max(1, minimumChunk)))
        if chunks == 1 { return [try work(items[...])] }
        let size = (items.count + chunks - 1) / chunks
        let results = Mutex<[Swift.Result<Result, Failure>?]>(Array(repeating: nil, count: chunks))
        DispatchQueue.concurrentPerform(iterations: chunks) { index in
            let slice = items[(index * size)..<min(items.count, (index + 1) * size)]
            let outcome = Swift.Result { () throws(Failure) -> Result in try work(slice) }
            results.withLock { $0[index] = outcome }
        }
        var collected: [Result] = []
        collected.reserveCapacity(chunks)
        for outcome in results.withLock({ $0 }) { collected.append(try outcome!.get()) }
        return collected
    }
}

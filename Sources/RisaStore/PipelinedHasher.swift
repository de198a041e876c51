import Dispatch
import Foundation
import RisaCore

import struct Crypto.SHA256

/// The one-pass copy of `FileHasher` for large files, spread over two threads: the calling thread
/// reads each 1 MiB chunk (and writes it to the copy) while a second thread hashes the chunk before,
/// so hashing, the slowest part, overlaps the reading and writing instead of following them.
///
/// Chunks travel through a ring of `slotCount` buffers. `filled` counts chunks ready to hash, `free`
/// counts buffers the reader may refill; a chunk length of 0 tells the hasher the stream has ended.
final class PipelinedHasher: @unchecked Sendable {
    // @unchecked Sendable: the buffers, lengths and result are shared between exactly two threads,
    // and each slot is touched by one thread at a time: the reader only after `free.wait()`, the
    // hasher only after `filled.wait()`; `result` is written before `finished.signal()` and read
    // after `finished.wait()`. The semaphores order these accesses.
    static let slotCount = 4

    private let slotSize: Int
    private let storage: UnsafeMutableRawBufferPointer
    private let lengths: UnsafeMutablePointer<Int>
    private let filled = DispatchSemaphore(value: 0)
    // Starts at 0 and is signalled once per slot: libdispatch traps when a semaphore is freed
    // holding less than the value it was created with.
    private let free = DispatchSemaphore(value: 0)
    private let finished = DispatchSemaphore(value: 0)
    private var result: SHA256.Digest?

    private init(slotSize: Int) {
        self.slotSize = slotSize
        storage = UnsafeMutableRawBufferPointer.allocate(byteCount: slotSize * Self.slotCount, alignment: 4096)
        lengths = UnsafeMutablePointer<Int>.allocate(capacity: Self.slotCount)
        lengths.initialize(repeating: 0, count: Self.slotCount)
        for _ in 0..<Self.slotCount { free.signal() }
    }

    deinit {
        storage.deallocate()
        lengths.deallocate()
    }

    /// Hashes everything left in `source`, copying it to `destination` when one is given.
    static func run(
        from source: Int32, path: String, copyingTo destination: Int32?, destinationPath: String
    )
        throws -> (digest: Digest, size: Int64)
    {
        let pipeline = PipelinedHasher(slotSize: FileHasher.chunkSize)
        let hasher = Thread { pipeline.hashChunks() }
        hasher.start()
        var total: Int64 = 0
        var failure: (any Error)?
        var slot = 0
        while true {
            pipeline.free.wait()
            let buffer = pipeline.buffer(slot)
            var count = 0
            if failure == nil {
                do { count = try POSIX.readChunk(source, into: buffer, path) } catch { failure = error }
            }
            pipeline.lengths[slot] = count
            pipeline.filled.signal()
            if count == 0 { break }
            total += Int64(count)
            if let destination {
                do {
                    try POSIX.writeAll(
                        destination, UnsafeRawBufferPointer(rebasing: buffer[0..<count]), destinationPath)
                } catch {
                    failure = error
                }
            }
            slot = (slot + 1) % slotCount
        }
        pipeline.finished.wait()
        if let failure { throw failure }
        return (Digest(pipeline.result!), total)
    }

    private func buffer(_ slot: Int) -> UnsafeMutableRawBufferPointer {
        UnsafeMutableRawBufferPointer(rebasing: storage[slot * slotSize..<(slot + 1) * slotSize])
    }

    private func hashChunks() {
        var hasher = SHA256()
        var slot = 0
        while true {
            filled.wait()
            let count = lengths[slot]
            if count == 0 { break }
            hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: buffer(slot)[0..<count]))
            free.signal()
            slot = (slot + 1) % Self.slotCount
        }
        result = hasher.finalize()
        finished.signal()
    }
}

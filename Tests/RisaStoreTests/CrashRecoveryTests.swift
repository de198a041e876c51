import Foundation
import RisaCore
import Testing

@testable import RisaStore

@Suite("Crash safety: only complete blobs are ever visible")
struct CrashRecoveryTests {
    @Test func leftoversOfAKilledRunAreCleanedWhenTheStoreIsNextOpened() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let root = scratch.path("store")
        do {
            let store = try scratch.store()
            let work = try store.makeWorkDirectory()
            try Scratch.write(work.path + "/half-written.png", [1, 2, 3])
            try Scratch.write(root + "/tmp/ingest-0123456789abcdef", [4, 5])
        }
        _ = try scratch.store()
        #expect(try POSIX.directoryNames(root + "/tmp").isEmpty)
    }

    @Test func leftoversAreKeptWhileAnotherProcessUsesTheStore() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let running = try scratch.store()
        let work = try running.makeWorkDirectory()
        try Scratch.write(work.path + "/in-progress.png", [1, 2, 3])
        _ = try scratch.store()
        #expect(Scratch.contents(work.path + "/in-progress.png") != nil)
    }

    @Test func aBlobBecomesVisibleOnlyComplete() async throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let store = try scratch.store()
        let bytes = Data(Scratch.patternedBytes(count: 8 << 20))
        let digest = Digest(of: bytes)
        // One task writes while the other watches the blob's name: the first size it sees must be final.
        let firstSeenSize = try await withThrowingTaskGroup(of: Int64?.self) { group in
            group.addTask {
                _ = try store.blobs.write(bytes)
                return nil
            }
            group.addTask {
                while try !store.blobs.contains(digest) { await Task.yield() }
                return try store.blobs.size(of: digest)
            }
            return try await group.reduce(into: [Int64]()) { sizes, size in
                if let size { sizes.append(size) }
            }.first
        }
        #expect(firstSeenSize == Int64(bytes.count))
        #expect(try store.blobs.read(digest) == bytes)
    }
}

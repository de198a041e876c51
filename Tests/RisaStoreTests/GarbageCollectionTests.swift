import Foundation
import RisaCore
import Testing

@testable import RisaStore

@Suite("Garbage collection: keep what is reachable, delete the rest")
struct GarbageCollectionTests {
    @Test func reachableBlobsAreKeptAndUnreachableOnesDeleted() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let store = try scratch.store()
        try scratch.write("kept/a.txt", text: "kept by the root tree")
        try scratch.write("kept/sub/b.txt", text: "kept through a sub-tree")
        let tree = try store.ingestDirectory(at: scratch.url("kept"))
        let itemBlob = try store.blobs.write(Data("kept by an item set".utf8))
        let set = try store.store(ItemSet([Item(name: "x", digest: itemBlob, size: 19)]))
        let actionOutput = try store.blobs.write(Data("kept by an action record".utf8))
        try store.actions.record(
            .map(["out": .map(["digest": .string(actionOutput.description), "kind": .string("file")])]),
            for: Digest(ofText: "action"))
        let garbage = try store.blobs.write(Data("nobody needs me".utf8))

        let report = try store.gc(roots: [tree.digest, set])
        #expect(report.deletedBlobs == 1)
        #expect(report.freedBytes == 15)
        #expect(try !store.blobs.contains(garbage))
        for digest in [tree.digest, set, itemBlob, actionOutput, Digest(ofText: "kept through a sub-tree")] {
            #expect(try store.blobs.contains(digest))
        }
        #expect(report.keptBlobs == 7)
        #expect(try store.materialize(tree: tree.digest, at: scratch.url("check")).hardLinks == 2)
    }

    @Test func aSizeLimitEvictsTheLeastRecentlyUsedActionsFirst() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let store = try scratch.store()
        var keys: [Digest] = []
        for (index, age) in [(0, 300), (1, 200), (2, 100)] {
            let output = try store.blobs.write(Data(repeating: UInt8(index), count: 1000))
            let key = Digest(ofText: "action \(index)")
            try store.actions.record(.map(["out": .string(output.description)]), for: key)
            let path = store.root.path + "/actions/\(key.hex.prefix(2))/\(key.hex)"
            Scratch.setModificationTime(path, seconds: 1_700_000_000 - age, nanoseconds: 0)
            keys.append(key)
        }
        let report = try store.gc(roots: [], maxSize: 2500)
        #expect(report.evictedActions == 1)
        #expect(try store.actions.lookup(keys[0]) == nil)
        #expect(try store.actions.lookup(keys[1]) != nil && store.actions.lookup(keys[2]) != nil)
        #expect(report.deletedBlobs == 1 && report.freedBytes == 1000)
        #expect(report.keptBytes == 2000)
    }

    @Test func gcCleansTemporaryFilesAndRefusesWhileAnotherStoreIsOpen() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let store = try scratch.store()
        let work = try store.makeWorkDirectory()
        try Scratch.write(work.path + "/partial.bin", [1, 2, 3])
        do {
            let other = try scratch.store()
            let error = #expect(throws: StoreError.self) { try store.gc(roots: []) }
            #expect(error?.code == .busy)
            #expect(try other.blobs.allDigests().isEmpty)
        }
        let report = try store.gc(roots: [])
        #expect(report.removedTemporaryEntries == 1)
        #expect(try POSIX.directoryNames(store.temporaryDirectory.path).isEmpty)
        #expect(try store.blobs.write(Data("still usable".utf8)) == Digest(ofText: "still usable"))
    }

    @Test func gcRemovesLockFilesNobodyHoldsAndKeepsHeldOnes() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let store = try scratch.store()
        let idle = Digest(ofText: "finished action")
        let busy = Digest(ofText: "running action")
        // Per-key lock files: what platforms without OFD locks (and earlier versions) leave.
        try #require(try ActionLock.tryAcquire(key: idle, path: store.layout.lockPath(idle))).release()
        let held = try #require(try ActionLock.tryAcquire(key: busy, path: store.layout.lockPath(busy)))
        defer { held.release() }
        _ = try store.gc(roots: [])
        #expect(try POSIX.directoryNames(store.root.path + "/locks") == [busy.hex])
        #expect(try ActionLock.tryAcquire(key: busy, path: store.layout.lockPath(busy)) == nil)
    }
}

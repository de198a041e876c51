import Foundation
import RisaCore
import Testing

@testable import RisaStore

@Suite("Folders are stored in batches: all blobs or none become visible")
struct BlobBatchTests {
    @Test func duplicateFilesInOneFolderBecomeOneBlobAndNoTemporaryFileRemains() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let store = try scratch.store()
        for name in ["a.txt", "b.txt", "sub/c.txt"] { try scratch.write("in/" + name, text: "same bytes") }
        let tree = try store.ingestDirectory(at: scratch.url("in"))
        #expect(tree["a.txt"]?.digest == tree["b.txt"]?.digest)
        #expect(try store.stats().blobCount == 3)  // the file, the sub-tree and the tree
        #expect(try POSIX.directoryNames(store.temporaryDirectory.path).isEmpty)
    }

    @Test func aFullBatchPublishesWhatItHasAndTheRestOnCommit() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let store = try scratch.store()
        let batch = BlobBatch(layout: store.layout, groupCommit: store.groupCommit, limit: 3)
        let digests = try (0..<5).map { try batch.write(Data("blob \($0)".utf8)) }
        #expect(try digests.map { try store.blobs.contains($0) } == [true, true, true, false, false])
        #expect(batch.contains(digests[4]))
        try batch.commit()
        #expect(try digests.allSatisfy { try store.blobs.contains($0) })
        #expect(try POSIX.directoryNames(store.temporaryDirectory.path).isEmpty)
    }

    @Test func aFolderLargerThanTheFlushLimitIsStoredWhole() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let store = try scratch.store()
        let count = BlobBatch.individualFlushLimit * 3
        for index in 0..<count { try scratch.write("many/\(index).txt", text: "file \(index)") }
        let tree = try store.ingestDirectory(at: scratch.url("many"))
        #expect(tree.entries.count == count)
        #expect(try store.stats().blobCount == count + 1)
        #expect(try store.materialize(tree: tree.digest, at: scratch.url("out")).hardLinks == count)
    }

    @Test func aFailedCopyLeavesNoBlobAndNoTemporaryFile() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let store = try scratch.store()
        try scratch.write("in/a/1.txt", text: "one")
        try scratch.write("in/b/2.txt", text: "two")
        #expect(mkfifo(scratch.path("in/b/pipe"), 0o644) == 0)
        #expect(throws: StoreError.self) { try store.ingestDirectory(at: scratch.url("in")) }
        #expect(try store.blobs.allDigests().isEmpty)
        #expect(try POSIX.directoryNames(store.temporaryDirectory.path).isEmpty)
    }

    @Test func aFailedMoveLeavesTheOutputsWhereTheyWere() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let store = try scratch.store()
        let work = try store.makeWorkDirectory()
        try Scratch.write(work.path + "/a/1.txt", Array("one".utf8))
        try Scratch.write(work.path + "/b/2.txt", Array("two".utf8))
        #expect(mkfifo(work.path + "/b/pipe", 0o644) == 0)
        #expect(throws: StoreError.self) { try store.ingestDirectory(at: work, moving: true) }
        #expect(try store.blobs.allDigests().isEmpty)
        #expect(Scratch.contents(work.path + "/a/1.txt") == "one")
        #expect(Scratch.contents(work.path + "/b/2.txt") == "two")
    }
}

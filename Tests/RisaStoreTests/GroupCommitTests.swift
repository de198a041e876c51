import Foundation
import RisaCore
import Testing

@testable import RisaStore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Action records and single blobs are published at once but flushed to disk in groups; what a
/// power cut can damage is detected and repaired instead of trusted.
@Suite("Group commit: atomic at once, durable in groups")
struct GroupCommitTests {
    @Test func anActionRecordIsVisibleAtOnceAndWaitsForTheGroupFlush() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let store = try scratch.store()
        let key = Digest(ofText: "action")
        try store.actions.record(.string("result"), for: key)
        #expect(try store.actions.lookup(key) == .string("result"))
        #expect(store.groupCommit.hasUnflushedWrites)
        try store.flushToDisk()
        #expect(!store.groupCommit.hasUnflushedWrites)
    }

    @Test func aMovedOutputWaitsForTheGroupFlush() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let store = try scratch.store()
        let output = try store.makeWorkDirectory().appending(path: "out.txt")
        try Scratch.write(output.path, Array("bytes".utf8))
        let stored = try store.ingestFile(at: output, moving: true)
        #expect(try store.blobs.storedSize(of: stored.digest) == 5)
        #expect(store.groupCommit.hasUnflushedWrites)
    }

    @Test func aFlushIsDueOnceTheIntervalHasPassed() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let file = try scratch.write("file.txt", text: "x").path
        let commit = GroupCommit(folder: scratch.path, interval: .zero)
        try commit.published(file)
        #expect(!commit.hasUnflushedWrites)
        let patient = GroupCommit(folder: scratch.path, interval: .seconds(3600))
        try patient.published(file)
        #expect(patient.hasUnflushedWrites)
        for _ in 0...GroupCommit.individualFlushLimit { try patient.published(file) }
        try patient.flush()
        #expect(!patient.hasUnflushedWrites)
    }

    @Test func treesAndItemSetsAreWrittenOnlyAfterWhatTheyNameIsFlushed() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let store = try scratch.store()
        let output = try store.makeWorkDirectory().appending(path: "a.txt")
        try Scratch.write(output.path, Array("a".utf8))
        let file = try store.ingestFile(at: output, moving: true)
        #expect(store.groupCommit.unflushedFiles == [store.blobs.url(of: file.digest).path])
        let set = try store.store(ItemSet([Item(name: "a.txt", digest: file.digest, size: file.size)]))
        // The item was flushed before the set was written; the set waits for the next flush.
        #expect(store.groupCommit.unflushedFiles == [store.blobs.url(of: set).path])
    }

    @Test func aBlobCutShortIsReplacedByTheNextCopyOfItsBytes() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let store = try scratch.store()
        let first = try store.makeWorkDirectory().appending(path: "out.txt")
        try Scratch.write(first.path, Array("complete content".utf8))
        let stored = try store.ingestFile(at: first, moving: true)
        let blob = store.blobs.url(of: stored.digest).path
        chmod(blob, 0o644)
        truncate(blob, 3)
        #expect(try store.blobs.storedSize(of: stored.digest) == 3)
        let again = try store.makeWorkDirectory().appending(path: "out.txt")
        try Scratch.write(again.path, Array("complete content".utf8))
        _ = try store.ingestFile(at: again, moving: true)
        #expect(try store.blobs.storedSize(of: stored.digest) == stored.size)
        #expect(Scratch.contents(blob) == "complete content")
        let copied = try scratch.write("input.txt", text: "complete content")
        let folder = try store.makeWorkDirectory()
        try Scratch.write(folder.appending(path: "x.txt").path, Array("complete content".utf8))
        chmod(blob, 0o644)
        truncate(blob, 3)
        _ = try store.ingestDirectory(at: folder, moving: true)
        #expect(Scratch.contents(blob) == "complete content")
        chmod(blob, 0o644)
        truncate(blob, 3)
        _ = try store.ingestFile(at: copied)
        #expect(Scratch.contents(blob) == "complete content")
    }

    @Test func aBlobOfAnotherSizeThanRecordedIsNotPublished() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let store = try scratch.store()
        let digest = try store.blobs.write(Data("twelve bytes".utf8))
        let error = #expect(throws: StoreError.self) {
            try store.materialize(blob: digest, at: scratch.url("out/file.txt"), size: 99)
        }
        #expect(error?.code == .corrupt)
        #expect(try POSIX.linkStatusIfExists(scratch.path("out/file.txt")) == nil)
        try store.materialize(blob: digest, at: scratch.url("out/file.txt"), size: 12)
        #expect(Scratch.contents(scratch.path("out/file.txt")) == "twelve bytes")
    }
}

import Foundation
import RisaCore
import Testing

@testable import RisaStore

@Suite("Moving outputs from a work folder into the store")
struct IngestMoveTests {
    @Test func movingRenamesTheFileIntoTheStoreWithoutCopying() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let store = try scratch.store()
        let work = try store.makeWorkDirectory()
        let output = work.appending(path: "frame.png")
        try Scratch.write(output.path, Array("pixels".utf8))
        let inode = try Scratch.status(output.path).inode
        let stored = try store.ingestFile(at: output, moving: true)
        #expect(stored.digest == Digest(ofText: "pixels"))
        #expect(try POSIX.linkStatusIfExists(output.path) == nil)
        let blob = try Scratch.status(store.blobs.url(of: stored.digest).path)
        #expect(blob.inode == inode)
        #expect(blob.permissions == 0o444)
    }

    @Test func movingAFileWhoseBlobExistsDropsTheNewCopy() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let store = try scratch.store()
        let existing = try store.blobs.write(Data("twice".utf8))
        let existingInode = try Scratch.status(store.blobs.url(of: existing).path).inode
        let output = try store.makeWorkDirectory().appending(path: "out.txt")
        try Scratch.write(output.path, Array("twice".utf8))
        let stored = try store.ingestFile(at: output, moving: true)
        #expect(stored.digest == existing)
        #expect(try POSIX.linkStatusIfExists(output.path) == nil)
        #expect(try Scratch.status(store.blobs.url(of: existing).path).inode == existingInode)
    }

    @Test func movingIsRefusedOutsideTheStoreTemporaryFolder() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let store = try scratch.store()
        let outside = try scratch.write("project/input.txt", text: "mine")
        let error = #expect(throws: StoreError.self) { try store.ingestFile(at: outside, moving: true) }
        #expect(error?.code == .invalidPath)
        #expect(error?.message.contains(outside.path) == true)
        #expect(Scratch.contents(outside.path) == "mine")
    }

    @Test func aWorkFolderReplacedByALinkOutOfTheStoreIsNotMovedFrom() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let store = try scratch.store()
        let outside = try scratch.write("project/input.txt", text: "mine")
        let work = try store.makeWorkDirectory()
        #expect(rmdir(work.path) == 0)
        #expect(symlink(scratch.path("project"), work.path) == 0)
        let error = #expect(throws: StoreError.self) {
            try store.ingestFile(at: work.appending(path: "input.txt"), moving: true)
        }
        #expect(error?.code == .invalidPath)
        #expect(Scratch.contents(outside.path) == "mine")
    }

    @Test func anOutputThatIsALinkIsStoredByCopyingWhatItPointsTo() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let store = try scratch.store()
        let outside = try scratch.write("project/input.txt", text: "mine")
        let work = try store.makeWorkDirectory()
        let output = work.appending(path: "out.txt")
        #expect(symlink(outside.path, output.path) == 0)
        let stored = try store.ingestFile(at: output, moving: true)
        #expect(stored.digest == Digest(ofText: "mine"))
        let blob = try Scratch.status(store.blobs.url(of: stored.digest).path)
        #expect(blob.kind == .regular)
        #expect(blob.inode != (try Scratch.status(outside.path)).inode)
        #expect(Scratch.contents(outside.path) == "mine")
    }

    @Test func aFileWithOtherHardLinksIsCopiedNotMoved() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let store = try scratch.store()
        let work = try store.makeWorkDirectory()
        let output = work.appending(path: "linked.txt")
        try Scratch.write(output.path, Array("shared".utf8))
        #expect(link(output.path, work.appending(path: "alias.txt").path) == 0)
        let stored = try store.ingestFile(at: output, moving: true)
        let blob = try Scratch.status(store.blobs.url(of: stored.digest).path)
        #expect(blob.inode != (try Scratch.status(work.appending(path: "alias.txt").path)).inode)
        #expect(blob.linkCount == 1)
    }

    @Test func movingAFolderMovesEveryFile() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let store = try scratch.store()
        let work = try store.makeWorkDirectory()
        try Scratch.write(work.path + "/a.txt", Array("a".utf8))
        try Scratch.write(work.path + "/sub/b.txt", Array("b".utf8))
        let moved = try store.ingestDirectory(at: work, moving: true)
        #expect(try POSIX.linkStatusIfExists(work.path + "/a.txt") == nil)
        #expect(try POSIX.linkStatusIfExists(work.path + "/sub/b.txt") == nil)
        let copy = try scratch.write("copy/a.txt", text: "a")
        try scratch.write("copy/sub/b.txt", text: "b")
        #expect(try store.ingestDirectory(at: copy.deletingLastPathComponent()).digest == moved.digest)
    }
}

import Foundation
import RisaCore
import Testing

@testable import RisaStore

/// A published item set is brought to a new set by touching only the items that differ, and a
/// folder's files are listed with the stat cache.
@Suite("Updating a materialised item set in place")
struct ItemSetUpdateTests {
    private func item(_ store: LocalStore, _ name: String, _ text: String) throws -> Item {
        let digest = try store.blobs.write(Data(text.utf8))
        return Item(name: name, digest: digest, size: Int64(text.utf8.count))
    }

    @Test func onlyChangedAddedAndRemovedItemsAreTouched() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let store = try scratch.store()
        let old = try store.store(
            ItemSet([
                try item(store, "a.txt", "a"), try item(store, "sub/b.txt", "b"), try item(store, "gone/c.txt", "c"),
            ]))
        try store.materialize(itemSet: old, at: scratch.url("out"))
        let keptInode = try Scratch.status(scratch.path("out/a.txt")).inode
        let new = try store.store(
            ItemSet([
                try item(store, "a.txt", "a"), try item(store, "sub/b.txt", "b changed"),
                try item(store, "new/d.txt", "d"),
            ]))
        let report = try store.materialize(itemSet: new, at: scratch.url("out"), updating: old)
        #expect(report.hardLinks == 2)
        #expect(try Scratch.status(scratch.path("out/a.txt")).inode == keptInode)
        #expect(Scratch.contents(scratch.path("out/sub/b.txt")) == "b changed")
        #expect(Scratch.contents(scratch.path("out/new/d.txt")) == "d")
        #expect(try POSIX.linkStatusIfExists(scratch.path("out/gone")) == nil)
        #expect(try POSIX.directoryNames(scratch.path("out")).sorted() == ["a.txt", "new", "sub"])
        #expect(try POSIX.directoryNames(scratch.path("out/sub")) == ["b.txt"])
    }

    @Test func theFilesOfAFolderAreListedSortedWithoutLinks() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let store = try scratch.store()
        try scratch.write("in/b.txt", text: "b")
        try scratch.write("in/a/z.txt", text: "z")
        try scratch.write("in/a.txt", text: "a")
        #expect(symlink(scratch.path("in/b.txt"), scratch.path("in/link.txt")) == 0)
        let files = try store.regularFiles(inDirectoryAt: scratch.url("in"))
        #expect(files.map(\.name) == ["a.txt", "a/z.txt", "b.txt"])
        #expect(files[0].digest == FileDigest(digest: Digest(ofText: "a"), size: 1))
    }
}

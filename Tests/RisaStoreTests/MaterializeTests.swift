import Foundation
import RisaCore
import Testing

@testable import RisaStore

@Suite("Materialisation: read-only hard links, placed atomically")
struct MaterializeTests {
    @Test func filesAreHardLinksToTheBlobsAndReadOnly() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let store = try scratch.store()
        try scratch.write("src/a.txt", text: "alpha")
        try scratch.write("src/bin/tool", text: "#!/bin/sh\n", mode: 0o755)
        #expect(symlink("bin/tool", scratch.path("src/tool-link")) == 0)
        let tree = try store.ingestDirectory(at: scratch.url("src"))

        let report = try store.materialize(tree: tree.digest, at: scratch.url("out/result"))
        #expect(report.hardLinks == 2 && report.copies == 0 && report.clones == 0 && report.symlinks == 1)
        let file = try Scratch.status(scratch.path("out/result/a.txt"))
        let blob = try Scratch.status(store.blobs.url(of: Digest(ofText: "alpha")).path)
        #expect(file.inode == blob.inode)
        #expect(file.linkCount >= 2)
        #expect(file.permissions == 0o444)
        #expect(try Scratch.status(scratch.path("out/result/bin/tool")).permissions == 0o555)
        #expect(try POSIX.symlinkTarget(scratch.path("out/result/tool-link")) == "bin/tool")
        #expect(try store.tree(ofDirectoryAt: scratch.url("out/result")).digest == tree.digest)
    }

    @Test func anOlderMaterialisationIsReplacedWholeWithNoLeftovers() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let store = try scratch.store()
        try scratch.write("v1/old-only.txt", text: "old")
        try scratch.write("v1/shared.txt", text: "version 1")
        try scratch.write("v2/shared.txt", text: "version 2")
        let v1 = try store.ingestDirectory(at: scratch.url("v1"))
        let v2 = try store.ingestDirectory(at: scratch.url("v2"))

        try store.materialize(tree: v1.digest, at: scratch.url("out/current"))
        let before = try Scratch.status(scratch.path("out/current"))
        try store.materialize(tree: v2.digest, at: scratch.url("out/current"))
        #expect(try Scratch.status(scratch.path("out/current")).inode != before.inode)
        #expect(try POSIX.directoryNames(scratch.path("out/current")) == ["shared.txt"])
        #expect(Scratch.contents(scratch.path("out/current/shared.txt")) == "version 2")
        #expect(try POSIX.directoryNames(scratch.path("out")) == ["current"])
    }

    @Test func aFolderCanReplaceAFileAndAFileAFolder() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let store = try scratch.store()
        let blob = try store.blobs.write(Data("single".utf8))
        let tree = try store.ingestDirectory(at: scratch.write("dir/x.txt", text: "x").deletingLastPathComponent())
        try store.materialize(blob: blob, at: scratch.url("out/thing"))
        #expect(Scratch.contents(scratch.path("out/thing")) == "single")
        try store.materialize(tree: tree.digest, at: scratch.url("out/thing"))
        #expect(Scratch.contents(scratch.path("out/thing/x.txt")) == "x")
        try store.materialize(blob: blob, at: scratch.url("out/thing"))
        #expect(Scratch.contents(scratch.path("out/thing")) == "single")
        #expect(try POSIX.directoryNames(scratch.path("out")) == ["thing"])
    }

    @Test func anItemSetIsLaidOutAtItsItemNames() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let store = try scratch.store()
        let one = try store.ingestFile(at: scratch.write("1.png", text: "one"))
        let two = try store.ingestFile(at: scratch.write("2.png", text: "two"))
        let set = try ItemSet([
            Item(name: "train/1.png", digest: one.digest, size: one.size),
            Item(name: "val/deep/2.png", digest: two.digest, size: two.size),
        ])
        let report = try store.materialize(itemSet: store.store(set), at: scratch.url("dataset"))
        #expect(report.hardLinks == 2)
        #expect(Scratch.contents(scratch.path("dataset/train/1.png")) == "one")
        #expect(Scratch.contents(scratch.path("dataset/val/deep/2.png")) == "two")
    }

    @Test func aModeTheBlobDoesNotHaveIsMadeByCopyNotByChangingTheBlob() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let store = try scratch.store()
        let blob = try store.blobs.write(Data("echo hi".utf8))
        let report = try store.materialize(blob: blob, at: scratch.url("run.sh"), executable: true)
        #expect(report.hardLinks == 0 && report.clones + report.copies == 1)
        #expect(try Scratch.status(scratch.path("run.sh")).permissions == 0o555)
        #expect(try Scratch.status(store.blobs.url(of: blob).path).permissions == 0o444)
    }

    @Test func aMissingBlobFailsWithoutLeavingAPartialFolder() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let store = try scratch.store()
        let present = try store.blobs.write(Data("here".utf8))
        let set = try ItemSet([
            Item(name: "a", digest: present, size: 4), Item(name: "b", digest: Digest(ofText: "gone"), size: 4),
        ])
        let setDigest = try store.blobs.write(set.encoded)
        let error = #expect(throws: StoreError.self) {
            try store.materialize(itemSet: setDigest, at: scratch.url("out/set"))
        }
        #expect(error?.code == .notFound)
        #expect(try POSIX.directoryNames(scratch.path("out")).isEmpty)
    }

    @Test(.enabled(if: TmpfsMount.isAvailable, "needs permission to mount a tmpfs (another device)"))
    func acrossDevicesFilesAreCopiedAndVerified() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let mount = try TmpfsMount(kibibytes: 1024)
        defer { mount.unmount() }
        let store = try scratch.store()
        let tree = try store.ingestDirectory(
            at: scratch.write("src/a.txt", text: "far away").deletingLastPathComponent())
        let report = try store.materialize(tree: tree.digest, at: mount.url("out"))
        #expect(report.hardLinks == 0 && report.copies + report.clones == 1)
        #expect(Scratch.contents(mount.path + "/out/a.txt") == "far away")
        #expect(try Scratch.status(mount.path + "/out/a.txt").permissions == 0o444)
    }

    @Test func missingFoldersAreCreatedMkdirFirstAndAFileInTheWayIsRefused() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let nested = scratch.url("a/b/c").path
        try POSIX.makeMissingDirectories(nested)
        #expect(try POSIX.linkStatus(nested).kind == .directory)
        try POSIX.makeMissingDirectories(nested)
        try scratch.write("a/file", text: "x")
        let error = #expect(throws: StoreError.self) { try POSIX.makeMissingDirectories(scratch.url("a/file").path) }
        #expect(error?.code == .invalidPath)
        let below = #expect(throws: StoreError.self) {
            try POSIX.makeMissingDirectories(scratch.url("a/file/deeper").path)
        }
        #expect(below?.code == .invalidPath || below?.errno == ENOTDIR)
    }
}

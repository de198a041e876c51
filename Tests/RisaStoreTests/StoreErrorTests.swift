import Foundation
import RisaCore
import Testing

@testable import RisaStore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

@Suite("Errors: full disks, read-only stores and bad paths fail clearly and leave the store sound")
struct StoreErrorTests {
    @Test func systemErrorsMapToCodesAndNameThePath() {
        let cases: [(Int32, StoreError.Code)] = [
            (ENOENT, .notFound), (ENOSPC, .diskFull), (EDQUOT, .diskFull), (EROFS, .readOnly),
            (EACCES, .readOnly), (ENOTDIR, .invalidPath), (EIO, .io),
        ]
        for (number, code) in cases {
            let error = StoreError.system(number, "write", "/x/.risa/tmp/f")
            #expect(error.code == code)
            #expect(error.path == "/x/.risa/tmp/f")
            #expect(error.errno == number)
            #expect(error.description.contains("/x/.risa/tmp/f"))
        }
    }

    @Test func openingAStoreWhereAFileIsInTheWayNamesThePath() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        try scratch.write("project/.risa", text: "not a folder")
        let error = #expect(throws: StoreError.self) { try scratch.store("project/.risa") }
        #expect(error?.code == .invalidPath)
        #expect(error?.message.contains(scratch.path("project/.risa")) == true)
    }

    @Test(.enabled(if: TmpfsMount.isAvailable, "needs permission to mount a tmpfs"))
    func aFullDiskFailsClearlyAndLeavesNoPartialBlob() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let mount = try TmpfsMount(kibibytes: 256)
        defer { mount.unmount() }
        let store = try LocalStore(root: mount.url(".risa"))
        // Large enough to take the two-thread path, which must stop cleanly when a write fails.
        let big = try scratch.write("big.bin", [UInt8](repeating: 7, count: Int(FileHasher.pipelineThreshold)))
        let error = #expect(throws: StoreError.self) { try store.ingestFile(at: big) }
        #expect(error?.code == .diskFull)
        #expect(error?.message.contains(big.path) == true)
        #expect(try store.blobs.allDigests().isEmpty)
        #expect(try POSIX.directoryNames(store.temporaryDirectory.path).isEmpty)
        #expect(try store.ingestFile(at: scratch.write("small.txt", text: "fits")).digest == Digest(ofText: "fits"))
    }

    @Test(.enabled(if: TmpfsMount.isAvailable, "needs permission to mount a tmpfs"))
    func aReadOnlyStoreRefusesWritesByPathButStillServesReads() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let mount = try TmpfsMount(kibibytes: 512)
        defer { mount.unmount() }
        let stored = try LocalStore(root: mount.url(".risa")).blobs.write(Data("kept".utf8))
        try mount.remountReadOnly()

        let store = try LocalStore(root: mount.url(".risa"))
        #expect(try store.blobs.read(stored) == Data("kept".utf8))
        let error = #expect(throws: StoreError.self) { try store.ingestFile(at: scratch.write("in.txt", text: "new")) }
        #expect(error?.code == .readOnly)
        #expect(error?.message.contains(mount.path + "/.risa/tmp/") == true)
        #expect(error?.errno == EROFS)

        let fresh = #expect(throws: StoreError.self) { try LocalStore(root: mount.url("other/.risa")) }
        #expect(fresh?.code == .readOnly)
        #expect(fresh?.message.contains(mount.path + "/other") == true)
    }

    @Test(.enabled(if: getuid() != 0, "root ignores permission bits"))
    func aStoreFolderWithoutWritePermissionIsReportedByPath() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let store = try scratch.store()
        try POSIX.setMode(store.temporaryDirectory.path, 0o555)
        defer { try? POSIX.setMode(store.temporaryDirectory.path, 0o755) }
        let error = #expect(throws: StoreError.self) { try store.blobs.write(Data("x".utf8)) }
        #expect(error?.code == .readOnly)
        #expect(error?.message.contains(store.temporaryDirectory.path) == true)
    }
}

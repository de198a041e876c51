import Foundation
import RisaCore
import Testing

@testable import RisaStore

@Suite("Verification: corrupt blobs are found and quarantined")
struct VerifyTests {
    @Test func aCorruptedBlobIsMovedToQuarantine() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let store = try scratch.store()
        let good = try store.blobs.write(Data("intact".utf8))
        let bad = try store.blobs.write(Data("will rot".utf8))
        let path = store.blobs.url(of: bad).path
        try POSIX.setMode(path, 0o644)
        try Scratch.write(path, Array("will r0t".utf8))
        #expect(try store.verify().count == 1)

        let quarantined = try POSIX.directoryNames(store.root.path + "/quarantine")
        #expect(quarantined.count == 1 && quarantined[0].hasPrefix(bad.hex))
        #expect(try !store.blobs.contains(bad))
        #expect(try store.blobs.contains(good))
        #expect(try store.verify().isEmpty)
    }

    @Test func theReportNamesTheExpectedAndActualDigests() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let store = try scratch.store()
        let bad = try store.blobs.write(Data("abc".utf8))
        let path = store.blobs.url(of: bad).path
        try POSIX.setMode(path, 0o644)
        try Scratch.write(path, Array("abd".utf8))
        let found = try #require(try store.verify().first)
        #expect(found.expected == bad)
        #expect(found.actual == Digest(ofText: "abd"))
        #expect(Scratch.contents(found.quarantinedAt.path) == "abd")
    }
}

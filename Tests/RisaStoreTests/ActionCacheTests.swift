import Foundation
import RisaCore
import Testing

@testable import RisaStore

@Suite("Action cache: action key to record")
struct ActionCacheTests {
    @Test func aRecordRoundTripsAndAMissIsNil() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let store = try scratch.store()
        let key = Digest(ofText: "resize step, width 512, input sha256:…")
        #expect(try store.actions.lookup(key) == nil)
        let record = Value.map([
            "thumbnail": .map(["digest": .string(Digest(ofText: "png").description), "kind": .string("file")]),
            "count": .int(1),
        ])
        try store.actions.record(record, for: key)
        #expect(try store.actions.lookup(key) == record)
        #expect(FileManager.default.fileExists(atPath: store.root.path + "/actions/\(key.hex.prefix(2))/\(key.hex)"))
        #expect(try store.actions.allKeys() == [key])
    }

    @Test func aHitRefreshesTheLastUsedTimeOnlyWhenItIsOld() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let store = try scratch.store()
        let old = Digest(ofText: "old")
        let fresh = Digest(ofText: "fresh")
        try store.actions.record(.string("old"), for: old)
        try store.actions.record(.string("fresh"), for: fresh)
        let oldPath = store.root.path + "/actions/\(old.hex.prefix(2))/\(old.hex)"
        let freshPath = store.root.path + "/actions/\(fresh.hex.prefix(2))/\(fresh.hex)"
        let now = Int(Date().timeIntervalSince1970)
        Scratch.setModificationTime(oldPath, seconds: now - 2 * 3600, nanoseconds: 0)
        Scratch.setModificationTime(freshPath, seconds: now - 60, nanoseconds: 0)
        store.actions.forgetRecent()
        _ = try store.actions.lookup(old)
        _ = try store.actions.lookup(fresh)
        #expect(try Scratch.status(oldPath).modificationSeconds >= Int64(now))
        #expect(try Scratch.status(freshPath).modificationSeconds == Int64(now - 60))
    }

    @Test func recordsAreRememberedUntilForgotten() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let store = try scratch.store()
        let key = Digest(ofText: "remembered")
        try store.actions.record(.string("kept"), for: key)
        let path = store.root.path + "/actions/\(key.hex.prefix(2))/\(key.hex)"
        chmod(path, 0o644)
        try Data("damaged".utf8).write(to: URL(fileURLWithPath: path))
        #expect(try store.actions.lookup(key) == .string("kept"))
        store.actions.forgetRecent()
        #expect(throws: StoreError.self) { try store.actions.lookup(key) }
    }

    @Test func recordingAgainReplacesTheRecord() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let store = try scratch.store()
        let key = Digest(ofText: "action")
        try store.actions.record(.string("first"), for: key)
        try store.actions.record(.string("second"), for: key)
        #expect(try store.actions.lookup(key) == .string("second"))
        try store.actions.remove(key)
        #expect(try store.actions.lookup(key) == nil)
    }

    @Test func aDamagedRecordIsReportedWithItsPath() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let store = try scratch.store()
        let key = Digest(ofText: "action")
        try scratch.write("store/actions/\(key.hex.prefix(2))/\(key.hex)", text: "{not json")
        let error = #expect(throws: StoreError.self) { try store.actions.lookup(key) }
        #expect(error?.code == .corrupt)
        #expect(error?.path?.hasSuffix(key.hex) == true)
    }

    @Test func theActionCacheProtocolWorksThroughAnExistential() async throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let cache: any ActionCache = try scratch.store().actions
        let key = Digest(ofText: "k")
        try await cache.record(.bool(true), for: key)
        #expect(try await cache.lookup(key) == .bool(true))
    }
}

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
        #expect(FileManager.default.fileExists(atPath: store.root.path + "/actions.db"))
        #expect(!FileManager.default.fileExists(atPath: store.root.path + "/actions"))
        #expect(try store.actions.allKeys() == [key])
        #expect(try store.actions.count() == 1)
    }

    @Test func aHitRefreshesTheLastUsedTimeOnlyWhenItIsOld() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let store = try scratch.store()
        let old = Digest(ofText: "old")
        let fresh = Digest(ofText: "fresh")
        try store.actions.record(.string("old"), for: old)
        try store.actions.record(.string("fresh"), for: fresh)
        let now = LocalActionCache.now()
        let second: Int64 = 1_000_000_000
        store.actions.database.touch(keyHex: old.hex, lastUsed: now - 2 * 3600 * second)
        store.actions.database.touch(keyHex: fresh.hex, lastUsed: now - 60 * second)
        store.actions.forgetRecent()
        _ = try store.actions.lookup(old)
        _ = try store.actions.lookup(fresh)
        #expect(try #require(try store.actions.stored(old)).lastUsed >= now)
        #expect(try #require(try store.actions.stored(fresh)).lastUsed == now - 60 * second)
    }

    @Test func recordsAreRememberedUntilForgotten() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let store = try scratch.store()
        let key = Digest(ofText: "remembered")
        try store.actions.record(.string("kept"), for: key)
        try store.actions.database.store(Data("damaged".utf8), forKeyHex: key.hex, lastUsed: 0)
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

    @Test func aDamagedRecordIsReportedWithItsKeyAndFile() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let store = try scratch.store()
        let key = Digest(ofText: "action")
        try store.actions.database.store(Data("{not json".utf8), forKeyHex: key.hex, lastUsed: 0)
        let error = #expect(throws: StoreError.self) { try store.actions.lookup(key) }
        #expect(error?.code == .corrupt)
        #expect(error?.path?.hasSuffix("/actions.db") == true)
        #expect(error?.message.contains(key.description) == true)
    }

    @Test func aDamagedDatabaseIsACorruptErrorNamingTheFile() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        try scratch.write("store/actions.db", text: String(repeating: "not an SQLite file ", count: 300))
        let store = try scratch.store()
        let error = #expect(throws: StoreError.self) { try store.actions.lookup(Digest(ofText: "k")) }
        #expect(error?.code == .corrupt)
        #expect(error?.message.contains(store.root.path + "/actions.db") == true)
    }

    @Test func aRecordIsVisibleAtOnceToAnotherOpenStore() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let first = try scratch.store()
        let second = try scratch.store()
        let key = Digest(ofText: "shared")
        #expect(try second.actions.lookup(key) == nil)
        try first.actions.record(.string("from the first"), for: key)
        #expect(try second.actions.lookup(key) == .string("from the first"))
    }

    @Test func recordFilesOfEarlierVersionsMoveIntoTheDatabase() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let kept = Digest(ofText: "kept")
        let damaged = Digest(ofText: "damaged")
        try scratch.write("store/actions/\(kept.hex.prefix(2))/\(kept.hex)", text: #"{"out":"sha256:ab"}"#)
        try scratch.write("store/actions/\(damaged.hex.prefix(2))/\(damaged.hex)", text: "{not json")
        try scratch.write("store/actions/zz/not-a-key", text: "x")
        let oldPath = scratch.url("store/actions/\(kept.hex.prefix(2))/\(kept.hex)").path
        Scratch.setModificationTime(oldPath, seconds: 1_700_000_000, nanoseconds: 5)
        let store = try scratch.store()
        #expect(try store.actions.stored(kept)?.lastUsed == 1_700_000_000_000_000_005)
        #expect(try store.actions.lookup(kept) == .map(["out": .string("sha256:ab")]))
        #expect(try store.actions.lookup(damaged) == nil)
        #expect(try store.actions.allKeys() == [kept])
        #expect(!FileManager.default.fileExists(atPath: store.root.path + "/actions"))
    }

    @Test func anImmutableURIEscapesWhatURIsReserve() {
        #expect(
            ActionDatabase.immutableURI("/a b/x?y#z%/actions.db") == "file:/a%20b/x%3Fy%23z%25/actions.db?immutable=1")
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

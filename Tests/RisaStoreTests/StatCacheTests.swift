import Foundation
import RisaCore
import Testing

@testable import RisaStore

@Suite("Stat cache: unchanged files are not read again")
struct StatCacheTests {
    /// A time well in the past, so entries are not considered racy.
    private let past = (seconds: 1_600_000_000, nanoseconds: 123_456_789)

    @Test func anUnchangedFileIsNotReadAgainAndAChangedTimeIsNoticed() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let store = try scratch.store()
        let file = try scratch.write("input.txt", text: "hello")
        Scratch.setModificationTime(file.path, seconds: past.seconds, nanoseconds: past.nanoseconds)
        let first = try store.digest(ofFileAt: file)
        #expect(first == FileDigest(digest: Digest(ofText: "hello"), size: 5))

        // Same inode, size and time, other bytes: only a cache hit can still answer "hello".
        try Scratch.write(file.path, Array("jello".utf8))
        Scratch.setModificationTime(file.path, seconds: past.seconds, nanoseconds: past.nanoseconds)
        #expect(try store.digest(ofFileAt: file) == first)

        Scratch.setModificationTime(file.path, seconds: past.seconds, nanoseconds: past.nanoseconds + 1)
        #expect(try store.digest(ofFileAt: file).digest == Digest(ofText: "jello"))
    }

    @Test func aRecentlyModifiedFileIsNotRemembered() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let store = try scratch.store()
        let file = try scratch.write("fresh.txt", text: "new")
        _ = try store.digest(ofFileAt: file)
        #expect(store.statCache.count == 0)
    }

    @Test func theCacheSurvivesReopeningTheStore() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let file = try scratch.write("input.txt", text: "hello")
        Scratch.setModificationTime(file.path, seconds: past.seconds, nanoseconds: past.nanoseconds)
        do {
            let store = try scratch.store()
            _ = try store.digest(ofFileAt: file)
            try store.statCache.save()
        }
        try Scratch.write(file.path, Array("jello".utf8))
        Scratch.setModificationTime(file.path, seconds: past.seconds, nanoseconds: past.nanoseconds)
        let reopened = try scratch.store()
        #expect(reopened.statCache.count == 1)
        #expect(try reopened.digest(ofFileAt: file).digest == Digest(ofText: "hello"))
    }

    @Test func ingestingAnUnchangedFileAgainDoesNotReadIt() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let store = try scratch.store()
        let file = try scratch.write("inputs/big.bin", text: "original bytes")
        Scratch.setModificationTime(file.path, seconds: past.seconds, nanoseconds: 0)
        let first = try store.ingestFile(at: file)
        try Scratch.write(file.path, Array("changed bytes!".utf8))
        Scratch.setModificationTime(file.path, seconds: past.seconds, nanoseconds: 0)
        #expect(try store.ingestFile(at: file).digest == first.digest)
        let tree = try store.ingestDirectory(at: file.deletingLastPathComponent())
        #expect(tree["big.bin"]?.digest == first.digest)
    }

    @Test func tenThousandEntriesRoundTripThroughTheFileFormat() throws {
        var entries: [String: StatCache.Entry] = [:]
        for index in 0..<10_000 {
            entries["/project/inputs/images/\(index).png"] = StatCache.Entry(
                size: Int64(index * 1000), seconds: 1_700_000_000 + Int64(index), nanoseconds: Int64(index),
                inode: UInt64(index) + 1_000_000, device: 2049, digest: Digest(ofText: String(index)))
        }
        let decoded = try #require(StatCacheFile.decode(StatCacheFile.encode(entries)))
        #expect(decoded == entries)
    }

    @Test func aDamagedCacheFileCountsAsEmpty() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        try scratch.write("store/statcache", text: "RISASC01 then garbage")
        let store = try scratch.store()
        #expect(store.statCache.count == 0)
        #expect(StatCacheFile.decode(Data("something else".utf8)) == nil)
    }
}

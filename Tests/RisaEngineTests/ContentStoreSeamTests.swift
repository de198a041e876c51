import Foundation
import RisaCore
import RisaEngine
import RisaStore
import Synchronization
import Testing

/// The engine holds an `any ContentStore`: a store that is not `LocalStore` (here one that forwards
/// to a local store and counts what the engine asks of it, as a tiered remote store would) runs
/// pipelines unchanged.
@Suite struct ContentStoreSeamTests {
    static let pipeline = """
        steps:
          note:
            uses: text.write
            with: {text: "through the seam"}
          copy:
            uses: shell
            with:
              inputs: {note: "${{ steps.note.outputs.file }}"}
              run: mkdir -p "$OUT/c" && cp "$IN_note" "$OUT/c/note.txt"
              outputs: {c: c/}
        """

    @Test func aStoreThatIsNotLocalStoreRunsAndCachesThePipeline() async throws {
        let project = try EngineFixture()
        defer { project.remove() }
        let counting = CountingStore(project.store)
        let first = try await project.run(Self.pipeline, through: counting)
        #expect(first.statuses == ["note": "ran", "copy": "ran"])
        let recorded = counting.counts.withLock { $0 }
        #expect(recorded.actionRecords >= 2)
        #expect(recorded.ingests >= 2)
        #expect(recorded.materialized >= 2)

        counting.counts.withLock { $0 = CountingStore.Counts() }
        let second = try await project.run(Self.pipeline, through: counting)
        #expect(second.statuses == ["note": "cached", "copy": "cached"])
        let reused = counting.counts.withLock { $0 }
        #expect(reused.lookups >= 2)
        #expect(reused.actionRecords == 0)
        #expect(reused.ingests == 0)
        #expect(try project.read("out/p/copy/c/note.txt") == "through the seam\n")
    }
}

/// Forwards every call to a local store and counts the action lookups and records, ingests and
/// materialisations.
final class CountingStore: ContentStore {
    struct Counts: Sendable {
        var lookups = 0, actionRecords = 0, ingests = 0, materialized = 0
    }

    let base: LocalStore
    let counts = Mutex(Counts())

    init(_ base: LocalStore) {
        self.base = base
    }

    var root: URL { base.root }

    func storeFile(contents: Data, executable: Bool) throws -> StoredFile {
        counts.withLock { $0.ingests += 1 }
        return try base.storeFile(contents: contents, executable: executable)
    }

    func ingestFile(at url: URL, moving: Bool) throws -> StoredFile {
        counts.withLock { $0.ingests += 1 }
        return try base.ingestFile(at: url, moving: moving)
    }

    func ingestDirectory(at url: URL, moving: Bool) throws -> Tree {
        counts.withLock { $0.ingests += 1 }
        return try base.ingestDirectory(at: url, moving: moving)
    }

    func digest(ofFileAt url: URL) throws -> FileDigest { try base.digest(ofFileAt: url) }
    func snapshot(ofDirectoryAt url: URL) throws -> DirectorySnapshot { try base.snapshot(ofDirectoryAt: url) }
    func regularFiles(inDirectoryAt url: URL) throws -> [(name: String, digest: FileDigest)] {
        try base.regularFiles(inDirectoryAt: url)
    }
    func storedSize(ofBlob digest: Digest) throws -> Int64? { try base.storedSize(ofBlob: digest) }
    func containsBlob(_ digest: Digest) throws -> Bool { try base.containsBlob(digest) }
    func storedKind(of digest: Digest) throws -> StoredKind { try base.storedKind(of: digest) }
    func store(_ tree: Tree) throws -> Digest { try base.store(tree) }
    func tree(_ digest: Digest) throws -> Tree { try base.tree(digest) }
    func store(_ itemSet: ItemSet, itemsChecked: Bool) throws -> Digest {
        try base.store(itemSet, itemsChecked: itemsChecked)
    }
    func itemSet(_ digest: Digest) throws -> ItemSet { try base.itemSet(digest) }

    func actionRecord(for key: Digest) throws -> Value? {
        counts.withLock { $0.lookups += 1 }
        return try base.actionRecord(for: key)
    }

    func recordAction(_ record: Value, for key: Digest) throws {
        counts.withLock { $0.actionRecords += 1 }
        try base.recordAction(record, for: key)
    }

    func forgetRecentActionRecords() { base.forgetRecentActionRecords() }
    func lockAction(_ key: Digest) async throws -> ActionLock { try await base.lockAction(key) }
    func makeWorkDirectory(prefix: String) throws -> URL { try base.makeWorkDirectory(prefix: prefix) }
    func recycleWorkDirectory(_ url: URL, prefix: String) throws { try base.recycleWorkDirectory(url, prefix: prefix) }
    func removeWorkDirectory(_ url: URL) throws { try base.removeWorkDirectory(url) }

    func materialize(blob digest: Digest, at url: URL, executable: Bool, size: Int64?) throws -> MaterializeReport {
        counts.withLock { $0.materialized += 1 }
        return try base.materialize(blob: digest, at: url, executable: executable, size: size)
    }

    func materialize(tree digest: Digest, at url: URL) throws -> MaterializeReport {
        counts.withLock { $0.materialized += 1 }
        return try base.materialize(tree: digest, at: url)
    }

    func materialize(itemSet digest: Digest, at url: URL) throws -> MaterializeReport {
        counts.withLock { $0.materialized += 1 }
        return try base.materialize(itemSet: digest, at: url)
    }

    func materialize(itemSet digest: Digest, at url: URL, updating previous: Digest) throws -> MaterializeReport {
        counts.withLock { $0.materialized += 1 }
        return try base.materialize(itemSet: digest, at: url, updating: previous)
    }

    func isLinked(blob digest: Digest, atPath path: String) -> Bool { base.isLinked(blob: digest, atPath: path) }
    func flushToDisk() throws { try base.flushToDisk() }
}

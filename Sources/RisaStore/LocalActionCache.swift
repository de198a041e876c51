import Foundation
import RisaCore
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Action records of a local store, in the store's `actions.db` (see `ActionDatabase`): for each
/// action key the canonical JSON of its record and when it was last used. A record is replaced
/// atomically when re-recorded and made durable by the store's group commit (after a power cut the
/// latest records may be missing: callers treat that as a miss).
///
/// A lookup that hits sets the record's last use to now (when it is more than an hour old), so gc
/// with a size limit can evict the least recently used records first.
///
/// Stores made by earlier versions kept one file per record under `actions/ab/<hex>`; those are
/// moved into the database when the store is first opened for writing.
public struct LocalActionCache: ActionCache {
    let layout: StoreLayout
    let database: ActionDatabase
    let groupCommit: GroupCommit
    /// Records read or written since `forgetRecent()`: a run reads each step's record once for the
    /// cache decision and again for its lockfile. The engine forgets them when a run starts, so
    /// every run reads what is stored once.
    private let recent = RecentRecords()

    init(layout: StoreLayout, groupCommit: GroupCommit) {
        self.layout = layout
        self.database = ActionDatabase(path: layout.actionsDatabasePath)
        self.groupCommit = groupCommit
    }

    /// How stale (in seconds) a record's last-used time may get before a hit refreshes it.
    static let lastUsedResolution: Int64 = 3600

    /// The record stored for `key`, or nil on a miss.
    /// - Throws: `StoreError` `.corrupt` when the stored record is not JSON, or a database error.
    public func lookup(_ key: Digest) throws -> Value? {
        if let remembered = recent.record(for: key) { return remembered }
        guard let (record, lastUsed) = try stored(key) else { return nil }
        // Only a hint for least-recently-used eviction, refreshed when it is an hour old: touching
        // every record of a cached 10,000-step run costs 10,000 writes. A store on a read-only disk
        // still serves hits.
        let now = Self.now()
        if now - lastUsed > Self.lastUsedResolution * 1_000_000_000 {
            database.touch(keyHex: key.hex, lastUsed: now)
        }
        recent.remember(record, for: key)
        return record
    }

    /// The record stored for `key` and its last use, read without marking it used (for gc).
    func stored(_ key: Digest) throws -> (record: Value, lastUsed: Int64)? {
        guard let (data, lastUsed) = try database.record(forKeyHex: key.hex) else { return nil }
        do {
            return (try CanonicalJSON.parse(data), lastUsed)
        } catch {
            throw StoreError(
                .corrupt,
                "the action record for \(key) in \(database.path) is not valid JSON (\(error)); "
                    + "`risa cache gc` removes it", path: database.path)
        }
    }

    /// Stores `record` for `key`, replacing any earlier record atomically.
    public func record(_ record: Value, for key: Digest) throws {
        try database.store(CanonicalJSON.data(record), forKeyHex: key.hex, lastUsed: Self.now())
        try groupCommit.published(database.path + "-wal")
        recent.remember(record, for: key)
    }

    /// Forgets the records remembered so far; the next lookups read the database.
    public func forgetRecent() {
        recent.forgetAll()
    }

    /// Deletes the record for `key`; a missing record is not an error.
    public func remove(_ key: Digest) throws {
        try remove([key])
    }

    /// Deletes the records for `keys` at once; missing records are not an error.
    public func remove(_ keys: [Digest]) throws {
        for key in keys { recent.forget(key) }
        try database.remove(keysHex: keys.map(\.hex))
    }

    /// The keys of every stored record.
    public func allKeys() throws -> [Digest] {
        try entries().map(\.key)
    }

    /// How many records are stored.
    public func count() throws -> Int {
        try database.count()
    }

    /// A stored record's key and last use (nanoseconds since 1970).
    struct Entry {
        let key: Digest
        let lastUsed: Int64
    }

    /// Every stored record, in no particular order (rows whose key is not a digest are left out).
    func entries() throws -> [Entry] {
        try database.keys().compactMap { row in Digest(hex: row.key).map { Entry(key: $0, lastUsed: row.lastUsed) } }
    }

    /// Moves records kept as files by earlier versions (`actions/ab/<hex>`) into the database and
    /// removes the files; records that do not parse are dropped (a miss, like before). Does nothing
    /// when there is no such folder or the store cannot be written.
    func importRecordFiles() throws {
        let folder = layout.legacyActionsPath
        guard (try? POSIX.linkStatus(folder))?.kind == .directory, access(folder, W_OK) == 0, database.isWritable
        else { return }
        for shard in try POSIX.directoryNames(folder) {
            let shardPath = folder + "/" + shard
            guard try POSIX.linkStatus(shardPath).kind == .directory else { continue }
            var rows: [ActionDatabase.Row] = []
            var files: [String] = []
            for name in try POSIX.directoryNames(shardPath) {
                let path = shardPath + "/" + name
                files.append(path)
                guard let key = Digest(hex: name), name == key.hex,
                    let status = try POSIX.linkStatusIfExists(path), status.kind == .regular,
                    let data = FileManager.default.contents(atPath: path),
                    (try? CanonicalJSON.parse(data)) != nil
                else { continue }
                rows.append(
                    ActionDatabase.Row(
                        key: key.hex, record: data,
                        lastUsed: status.modificationSeconds * 1_000_000_000 + status.modificationNanoseconds))
            }
            try database.insertMissing(rows)
            for path in files where unlink(path) != 0 && errno != ENOENT {
                throw StoreError.system(errno, "remove the imported action record", path)
            }
            if rmdir(shardPath) != 0, errno != ENOENT, errno != ENOTEMPTY {
                throw StoreError.system(errno, "remove", shardPath)
            }
        }
        if rmdir(folder) != 0, errno != ENOENT, errno != ENOTEMPTY { throw StoreError.system(errno, "remove", folder) }
    }

    /// Now, in nanoseconds since 1970.
    static func now() -> Int64 {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return Int64(now.tv_sec) * 1_000_000_000 + Int64(now.tv_nsec)
    }
}

/// A bounded memory of action records by key, shared by the copies of one `LocalActionCache`.
final class RecentRecords: Sendable {
    /// Past this many records the memory starts again empty (10,000 steps fit; memory stays small).
    static let limit = 20_000
    private let records = Mutex<[Digest: Value]>([:])

    func record(for key: Digest) -> Value? {
        records.withLock { $0[key] }
    }

    func remember(_ record: Value, for key: Digest) {
        records.withLock { records in
            if records.count >= Self.limit { records.removeAll(keepingCapacity: true) }
            records[key] = record
        }
    }

    func forgetAll() {
        records.withLock { $0.removeAll() }
    }

    func forget(_ key: Digest) {
        _ = records.withLock { $0.removeValue(forKey: key) }
    }
}

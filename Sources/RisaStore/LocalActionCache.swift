import Foundation
import RisaCore
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Action records on the local file system: `actions/ab/<hex>` holds the canonical JSON of the
/// record for key `sha256:ab…`, replaced atomically when re-recorded and made durable by the
/// store's group commit (after a power cut a record may be missing or empty: callers treat a
/// record that does not parse as a miss).
///
/// A lookup that hits sets the record's modification time to now (when it is more than an hour
/// old), so gc with a size limit can evict the least recently used records first.
public struct LocalActionCache: ActionCache {
    let layout: StoreLayout
    let files: AtomicFiles
    /// Records read or written since `forgetRecent()`: a run reads each step's record once for the
    /// cache decision and again for its lockfile. The engine forgets them when a run starts, so
    /// every run reads what is on disk once.
    private let recent = RecentRecords()

    init(layout: StoreLayout, groupCommit: GroupCommit) {
        self.layout = layout
        self.files = AtomicFiles(layout: layout, groupCommit: groupCommit)
    }

    /// The record stored for `key`, or nil on a miss.
    /// - Throws: `StoreError` `.corrupt` when the stored record is not JSON, or an I/O error.
    /// How stale (in seconds) a record's last-used time may get before a hit refreshes it.
    static let lastUsedResolution: Int64 = 3600

    public func lookup(_ key: Digest) throws -> Value? {
        if let remembered = recent.record(for: key) { return remembered }
        let path = layout.actionPath(key)
        // Read with open/fstat/read: FileManager.contents(atPath:) cost several times more, and a
        // cached run reads one record per step.
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            if errno == ENOENT { return nil }
            throw StoreError(.io, "cannot read the action record \(path)", path: path, errno: errno)
        }
        let data: Data
        let status: FileStatus
        do {
            defer { close(fd) }
            status = try POSIX.status(of: fd, path)
            data = try POSIX.readAll(fd, path)
        }
        let record: Value
        do {
            record = try CanonicalJSON.parse(data)
        } catch {
            throw StoreError(.corrupt, "the action record \(path) is not valid JSON (\(error)); delete it", path: path)
        }
        // Only a hint for least-recently-used eviction, refreshed when it is an hour old: touching
        // every record of a cached 10,000-step run costs 10,000 inode writes. A store on a
        // read-only disk still serves hits.
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        if Int64(now.tv_sec) - status.modificationSeconds > Self.lastUsedResolution {
            _ = utimensat(AT_FDCWD, path, nil, 0)
        }
        recent.remember(record, for: key)
        return record
    }

    /// Stores `record` for `key`, replacing any earlier record atomically.
    public func record(_ record: Value, for key: Digest) throws {
        try files.write(
            CanonicalJSON.data(record), to: layout.actionPath(key), mode: 0o444, keepExisting: false,
            durability: .grouped)
        recent.remember(record, for: key)
    }

    /// Forgets the records remembered so far; the next lookups read the disk.
    public func forgetRecent() {
        recent.forgetAll()
    }

    /// Deletes the record for `key`; a missing record is not an error.
    public func remove(_ key: Digest) throws {
        recent.forget(key)
        let path = layout.actionPath(key)
        if unlink(path) != 0, errno != ENOENT { throw StoreError.system(errno, "remove", path) }
    }

    /// The keys of every stored record.
    public func allKeys() throws -> [Digest] {
        try entries().map(\.key)
    }

    /// A stored record's key and last use.
    struct Entry {
        let key: Digest
        let path: String
        let lastUsedSeconds: Int64
        let lastUsedNanoseconds: Int64
    }

    /// Every stored record, in no particular order (files with other names are left out).
    func entries() throws -> [Entry] {
        var found: [Entry] = []
        for shard in try POSIX.directoryNames(layout.actionsPath) {
            let shardPath = layout.actionsPath + "/" + shard
            guard try POSIX.linkStatus(shardPath).kind == .directory else { continue }
            for name in try POSIX.directoryNames(shardPath) {
                guard let key = Digest(hex: name), name == key.hex, name.hasPrefix(shard) else { continue }
                let path = shardPath + "/" + name
                guard let status = try POSIX.linkStatusIfExists(path) else { continue }
                found.append(
                    Entry(
                        key: key, path: path, lastUsedSeconds: status.modificationSeconds,
                        lastUsedNanoseconds: status.modificationNanoseconds))
            }
        }
        return found
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

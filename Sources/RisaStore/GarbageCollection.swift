import Foundation
import RisaCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// What a garbage collection removed and kept.
public struct GCReport: Hashable, Sendable {
    /// Blobs deleted because nothing reachable referred to them.
    public var deletedBlobs = 0
    /// Bytes those blobs held.
    public var freedBytes: Int64 = 0
    /// Blobs kept.
    public var keptBlobs = 0
    /// Bytes the kept blobs hold.
    public var keptBytes: Int64 = 0
    /// Action records deleted to meet the size limit (least recently used first), or because they
    /// could not be read.
    public var evictedActions = 0
    /// Leftover files and folders removed from `tmp/`.
    public var removedTemporaryEntries = 0
}

extension LocalStore {
    /// Deletes every blob that is not reachable, and cleans `tmp/` and unused lock files.
    ///
    /// Reachable means: a root, any blob named by an action record (every string in a record that
    /// reads as `sha256:<hex>`), and recursively everything named by a reachable tree or item set.
    /// With `maxSize`, action records are kept from the most recently used on while the reachable
    /// bytes stay within `maxSize`; older ones are deleted, and so become unreachable. Roots are
    /// never deleted, even when they alone exceed `maxSize`; a root that is an action key keeps
    /// its action record and everything the record reaches.
    ///
    /// Needs the store to itself: no other process (or other `LocalStore` object) may have it open.
    /// - Parameters:
    ///   - roots: digests to keep with everything they reach: blobs, and action keys whose records
    ///     are kept (for example the outputs and action keys of the runs a user wants to keep).
    ///   - maxSize: the most bytes to keep, when there is a limit.
    /// - Throws: `StoreError` `.busy` when another process has the store open.
    public func gc(roots: Set<Digest>, maxSize: Int64? = nil) throws -> GCReport {
        guard try lock.tryLockExclusive() else {
            try lock.lockShared()
            throw StoreError(
                .busy,
                "another process is using the store at \(layout.rootPath); collect garbage when no other run uses it",
                path: layout.rootPath)
        }
        defer { try? lock.lockShared() }
        var report = GCReport()
        report.removedTemporaryEntries = try Self.removeTemporaryFiles(layout)
        try removeUnusedLockFiles()

        var marker = Marker(store: self)
        marker.commit(try marker.closure(of: Array(roots)))
        var full = false
        // Action records named by a root are roots too: kept, with what they reach, whatever the
        // limit, and counted before any other record.
        let entries = try actions.entries().sorted(by: Self.mostRecentFirst)
        for entry in entries.filter({ roots.contains($0.key) }) + entries.filter({ !roots.contains($0.key) }) {
            guard let references = try? referencedDigests(inActionAt: entry.path) else {
                try actions.remove(entry.key)
                report.evictedActions += 1
                continue
            }
            let reach = try marker.closure(of: references)
            if let maxSize, !roots.contains(entry.key), full || marker.bytes + reach.bytes > maxSize {
                full = true
                try actions.remove(entry.key)
                report.evictedActions += 1
            } else {
                marker.commit(reach)
            }
        }

        for file in try blobs.enumerate() {
            guard let digest = file.digest, let status = try POSIX.linkStatusIfExists(file.path) else { continue }
            if marker.marked.contains(digest) {
                report.keptBlobs += 1
                report.keptBytes += status.size
            } else {
                try POSIX.removeFile(file.path)
                report.deletedBlobs += 1
                report.freedBytes += status.size
            }
        }
        return report
    }

    private static func mostRecentFirst(_ first: LocalActionCache.Entry, _ second: LocalActionCache.Entry) -> Bool {
        (first.lastUsedSeconds, first.lastUsedNanoseconds) > (second.lastUsedSeconds, second.lastUsedNanoseconds)
    }

    private func referencedDigests(inActionAt path: String) throws -> [Digest] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw StoreError(.io, "cannot read the action record \(path)", path: path)
        }
        var found: [Digest] = []
        func collect(_ value: Value) {
            switch value {
            case .string(let text): if let digest = Digest(text) { found.append(digest) }
            case .list(let items): items.forEach(collect)
            case .map(let entries): entries.values.forEach(collect)
            default: break
            }
        }
        collect(try CanonicalJSON.parse(data))
        return found
    }

    /// Deletes per-key lock files (`locks/<hex>`) nobody holds; the shared `locks/actions` stays.
    /// Safe only under the exclusive store lock: no other process can then be about to open one.
    private func removeUnusedLockFiles() throws {
        for name in try POSIX.directoryNames(layout.locksPath) {
            let path = Paths.join(layout.locksPath, name)
            guard let key = Digest(hex: name), let lock = try ActionLock.tryAcquire(key: key, path: path) else {
                continue
            }
            try POSIX.removeFile(path)
            lock.release()
        }
    }
}

/// The mark phase of gc: the set of reachable blobs and their total size.
private struct Marker {
    let store: LocalStore
    private(set) var marked: Set<Digest> = []
    private(set) var bytes: Int64 = 0

    init(store: LocalStore) {
        self.store = store
    }

    /// The stored blobs reachable from `digests` that are not marked yet, and their bytes.
    func closure(of digests: [Digest]) throws -> (digests: Set<Digest>, bytes: Int64) {
        var found: Set<Digest> = []
        var total: Int64 = 0
        var pending = digests
        while let digest = pending.popLast() {
            guard !marked.contains(digest), !found.contains(digest) else { continue }
            let path = store.layout.blobPath(digest)
            guard let status = try POSIX.linkStatusIfExists(path) else { continue }
            found.insert(digest)
            total += status.size
            pending.append(contentsOf: try children(of: digest, at: path))
        }
        return (found, total)
    }

    mutating func commit(_ reach: (digests: Set<Digest>, bytes: Int64)) {
        marked.formUnion(reach.digests)
        bytes += reach.bytes
    }

    /// The blobs a tree or item set names; none for other blobs (including ones that merely start
    /// like a tree but do not decode as one).
    private func children(of digest: Digest, at path: String) throws -> [Digest] {
        switch try LocalStore.structure(ofBlobAt: path) {
        case .tree: return (try? store.tree(digest))?.referencedBlobs ?? []
        case .itemSet: return (try? store.itemSet(digest))?.items.map(\.digest) ?? []
        case nil: return []
        }
    }
}

import Foundation
import RisaCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Blob files that are complete but not yet visible, published together: one flush of the file
/// system makes all their bytes durable, then they are renamed into place (in the order they were
/// added, so a tree never appears before its entries) and a second flush makes the names durable.
///
/// Storing a folder of thousands of small files this way costs a few flushes instead of two per
/// file. Used by one thread at a time (a folder is walked sequentially).
final class BlobBatch {
    private struct Pending {
        let digest: Digest
        let path: String
        /// Whether the file is the store's own temporary copy (deleted when the batch is discarded),
        /// rather than a caller's output being moved in (left where it is).
        let ownsFile: Bool
        /// Whether it replaces a stored blob that was found damaged.
        let replacing: Bool
    }

    /// Pending files after which a batch publishes what it has, bounding the files waiting in `tmp/`.
    static let defaultLimit = 1024
    /// Up to this many files are flushed one by one: cheaper than `syncfs`, which also waits for
    /// whatever other programs wrote to the same file system.
    static let individualFlushLimit = 8

    let limit: Int
    private let layout: StoreLayout
    private let files: AtomicFiles
    private var pending: [Pending] = []
    private var pendingDigests: Set<Digest> = []

    init(layout: StoreLayout, groupCommit: GroupCommit, limit: Int = BlobBatch.defaultLimit) {
        self.limit = limit
        self.layout = layout
        self.files = AtomicFiles(layout: layout, groupCommit: groupCommit)
    }

    /// Whether a file with this digest is waiting in the batch.
    func contains(_ digest: Digest) -> Bool {
        pendingDigests.contains(digest)
    }

    /// Adds a finished, read-only file holding the bytes of `digest`.
    /// - Parameter replacing: whether it replaces a stored blob found damaged (rather than giving way
    ///   to a blob stored meanwhile).
    func add(_ path: String, digest: Digest, ownsFile: Bool, replacing: Bool = false) throws {
        guard pendingDigests.insert(digest).inserted else {
            try POSIX.removeFile(path)
            return
        }
        pending.append(Pending(digest: digest, path: path, ownsFile: ownsFile, replacing: replacing))
        if pending.count >= limit { try commit() }
    }

    /// Adds `data` as a non-executable blob, unless it is stored or pending already.
    func write(_ data: Data) throws -> Digest {
        let digest = Digest(of: data)
        if try contains(digest) || POSIX.linkStatusIfExists(layout.blobPath(digest)) != nil { return digest }
        let temporary = try files.writeTemporary(data, mode: 0o444, purpose: "write", flush: false)
        try add(temporary, digest: digest, ownsFile: true)
        return digest
    }

    /// Makes every pending file durable and visible under its blob name.
    func commit() throws {
        guard !pending.isEmpty else { return }
        try flushFileSystem(pending.map(\.path))
        var folders = Set<String>()
        while let next = pending.first {
            let destination = layout.blobPath(next.digest)
            if try files.publish(
                next.path, at: destination, keepExisting: !next.replacing, flushFolder: false,
                discardOnFailure: next.ownsFile)
            {
                folders.insert(Paths.parent(of: destination))
            }
            pending.removeFirst()
            pendingDigests.remove(next.digest)
        }
        try flushFileSystem(Array(folders))
    }

    /// Deletes the store's own pending temporary files; moved-in outputs stay where they are.
    func discard() {
        for item in pending where item.ownsFile { POSIX.removeFileQuietly(item.path) }
        pending.removeAll()
        pendingDigests.removeAll()
    }

    /// Flushes `paths` to disk: a few one by one, more with one `syncfs` of the store's file system
    /// where available. What the group commit has waiting is flushed too: a tree may name one of
    /// those files, and must not reach the disk before it.
    private func flushFileSystem(_ paths: [String]) throws {
        if paths.count > Self.individualFlushLimit, HiddenSystemCalls.syncfs != nil {
            try files.groupCommit.flushFileSystem()
            return
        }
        try files.groupCommit.flush()
        for path in paths {
            try POSIX.withFile(path, O_RDONLY) { fd in try POSIX.flush(fd, path) }
        }
    }
}

import Foundation
import RisaCore
import Synchronization

/// A folder's content as hashed for a cache key: its tree, and its regular files (symbolic links
/// left out) by path relative to the folder, sorted by the UTF-8 bytes of that path.
public struct DirectorySnapshot: Sendable {
    /// The tree the folder would have if it were stored.
    public let tree: Tree
    /// Every regular file with its digest and size.
    public let files: [(name: String, digest: FileDigest)]
}

/// A project's local store (by default the project's `.risa/` folder): content-addressed blobs,
/// trees and item sets, the stat cache, the action cache and action locks.
///
/// Opening a store creates its folders when needed and holds a shared lock on it for the object's
/// lifetime; when no other process has it open, leftovers in `tmp/` from a crashed run are deleted.
/// All methods are safe to call from several threads and several processes at once. Call
/// `statCache.save()` at the end of a run to keep the digests of the files it hashed.
///
/// ```swift
/// let store = try LocalStore(root: projectFolder.appending(path: ".risa"))
/// let photo = try store.ingestFile(at: URL(fileURLWithPath: "photo.jpg"))
/// let output = try store.makeWorkDirectory()
/// // … a step writes files into `output` …
/// let tree = try store.ingestDirectory(at: output, moving: true)
/// try store.materialize(tree: tree.digest, at: URL(fileURLWithPath: "out/resized"))
/// ```
public final class LocalStore: Sendable {
    /// The store's root folder.
    public let root: URL
    /// The blobs (files, trees, item sets).
    public let blobs: LocalBlobStore
    /// The action records.
    public let actions: LocalActionCache
    /// Digests of files hashed before, so unchanged files are not read again.
    public let statCache: StatCache

    let layout: StoreLayout
    let lock: StoreLock
    /// Flushes action records and single blobs to disk in groups.
    let groupCommit: GroupCommit
    /// Empty work folders kept for reuse, by name prefix (see `recycleWorkDirectory(_:)`).
    private let idleWorkDirectories = Mutex<[String: [String]]>([:])

    /// Idle work folders kept at most, per prefix.
    static let idleWorkDirectoryLimit = 64
    /// Item sets stored or read lately, newest last: a per-item step stores its set and the
    /// publisher reads it back at once, and compares it with the set published before; decoding
    /// one of 10,000 items takes tens of milliseconds.
    private let recentItemSets = Mutex<[ItemSet]>([])
    static let recentItemSetLimit = 4

    /// Opens the store in `root`, creating it when it does not exist.
    ///
    /// Waits while another process is collecting garbage in it.
    /// - Throws: `StoreError` naming the folder when it cannot be created or opened (for example
    ///   `.readOnly` on a read-only disk without an existing store).
    public init(root: URL) throws {
        let layout = StoreLayout(root: root)
        do {
            for folder in layout.folders { try POSIX.makeDirectories(folder) }
            lock = try StoreLock(path: layout.storeLockPath)
            if try lock.tryLockExclusive() {
                do {
                    _ = try Self.removeTemporaryFiles(layout)
                } catch let error as StoreError where error.code == .readOnly {
                    // A store on a read-only disk can still be read; its tmp/ cannot be cleaned.
                }
            }
            try lock.lockShared()
        } catch let error as StoreError {
            throw error.adding(context: "cannot open the store at \(layout.rootPath)")
        }
        self.root = root
        self.layout = layout
        let groupCommit = GroupCommit(folder: layout.temporaryPath)
        self.groupCommit = groupCommit
        self.blobs = LocalBlobStore(layout: layout, groupCommit: groupCommit)
        self.actions = LocalActionCache(layout: layout, groupCommit: groupCommit)
        self.statCache = StatCache(
            path: layout.statCachePath, files: AtomicFiles(layout: layout, groupCommit: groupCommit))
    }

    /// Makes everything this store object wrote so far durable (one `syncfs` when anything is
    /// waiting for the group commit). Call it at the end of a run; without it, writes still reach the
    /// disk within a few seconds of each other.
    public func flushToDisk() throws {
        try groupCommit.flush()
    }

    /// The store's folder for temporary files; anything in it may be deleted when no process has
    /// the store open.
    public var temporaryDirectory: URL {
        URL(fileURLWithPath: layout.temporaryPath, isDirectory: true)
    }

    /// Creates a new private folder under the store's `tmp/` for a step to write outputs into, so
    /// that `ingestFile(at:moving:)` and `ingestDirectory(at:moving:)` can rename them into the store.
    /// - Parameter prefix: the start of the folder's name, for people reading `tmp/`.
    public func makeWorkDirectory(prefix: String = "work") throws -> URL {
        if let idle = idleWorkDirectories.withLock({ $0[prefix]?.popLast() }) {
            return URL(fileURLWithPath: idle, isDirectory: true)
        }
        let path = layout.temporaryName(prefix)
        try POSIX.makeDirectory(path, 0o755)
        return URL(fileURLWithPath: path, isDirectory: true)
    }

    /// Hands back a work folder made by `makeWorkDirectory(prefix:)` for a later call to reuse when
    /// it is empty and unchanged (a folder, not a link, mode 0755); otherwise removes it.
    ///
    /// Making and removing a folder per action costs an inode each time, and where freed inodes make
    /// the next allocations slower (ext4 without a journal checks recently freed inodes one by one)
    /// thousands of small actions paid for it quadratically. Only recycle folders no process can
    /// still write to: those of in-process steps.
    public func recycleWorkDirectory(_ url: URL, prefix: String) throws {
        let path = Paths.path(of: url)
        if let status = try? POSIX.linkStatus(path), status.kind == .directory, status.permissions == 0o755,
            (try? POSIX.directoryNames(path))?.isEmpty == true,
            idleWorkDirectories.withLock({ idle in
                guard idle[prefix, default: []].count < Self.idleWorkDirectoryLimit else { return false }
                idle[prefix, default: []].append(path)
                return true
            })
        {
            return
        }
        try removeWorkDirectory(url)
    }

    deinit {
        removeIdleWorkDirectories()
    }

    /// Removes the empty work folders kept for reuse (the store does this when it is released;
    /// a command that leaves the store to process exit calls it first).
    public func removeIdleWorkDirectories() {
        let idle = idleWorkDirectories.withLock { idle in
            defer { idle.removeAll() }
            return idle.values.flatMap { $0 }
        }
        for path in idle { rmdir(path) }
    }

    /// Deletes a work folder made by `makeWorkDirectory` and whatever a step left in it (read-only
    /// files and folders included); a missing folder is not an error. A folder emptied by moving
    /// its outputs into the store costs one `rmdir`.
    public func removeWorkDirectory(_ url: URL) throws {
        let path = Paths.path(of: url)
        if rmdir(path) == 0 || errno == ENOENT { return }
        try FileSystemMoves.removeTree(path)
    }

    // MARK: - Files and folders

    /// Stores the file at `url` (symbolic links are followed) by copying it, or, with `moving`, by
    /// renaming it when it lies under the store's `tmp/`.
    ///
    /// A copied file whose size, modification time, inode and device match the stat cache, and
    /// whose blob is stored, is not read again.
    /// - Throws: `StoreError` (see `LocalBlobStore.ingestFile(at:moving:)`).
    public func ingestFile(at url: URL, moving: Bool = false) throws -> StoredFile {
        let path = Paths.path(of: url)
        if !moving, let known = try knownFile(path: path, status: POSIX.status(path)) { return known }
        return try ingest(path: path, moving: moving, followLinks: true)
    }

    /// Stores the folder at `url` and everything in it, sub-folders as trees, and returns its tree
    /// (stored as a blob too).
    /// - Parameter moving: rename the files into the store instead of copying them; the folder must
    ///   lie under the store's `tmp/` (see `makeWorkDirectory`). Sub-folders and links stay behind.
    /// - Throws: `StoreError` naming the path of anything that cannot be stored: sockets, FIFOs,
    ///   devices, links pointing outside the folder, names that are not UTF-8.
    public func ingestDirectory(at url: URL, moving: Bool = false) throws -> Tree {
        // Blobs are published in batches (a few flushes per thousand files rather than two per file).
        let batch = BlobBatch(layout: layout, groupCommit: groupCommit)
        let builder = TreeBuilder(
            recordFile: { path, status in
                if !moving, let known = try self.knownFile(path: path, status: status) { return known }
                return try self.ingest(path: path, moving: moving, followLinks: false, batch: batch)
            },
            recordTree: { tree in _ = try batch.write(tree.encoded) })
        do {
            let tree = try builder.build(rootPath: Paths.path(of: url))
            try batch.commit()
            return tree
        } catch {
            batch.discard()
            throw error
        }
    }

    /// The tree the folder at `url` would have if it were stored, computed with the stat cache and
    /// without storing anything.
    public func tree(ofDirectoryAt url: URL) throws -> Tree {
        try snapshot(ofDirectoryAt: url).tree
    }

    /// The folder at `url` as `tree(ofDirectoryAt:)` hashes it, with the list of its regular files
    /// (what `regularFiles(inDirectoryAt:)` returns) from the same walk: a per-item step keys its
    /// batch on the tree and takes its items from the list, instead of walking the folder twice.
    public func snapshot(ofDirectoryAt url: URL) throws -> DirectorySnapshot {
        let rootPath = Paths.path(of: url)
        var files: [(name: String, digest: FileDigest)] = []
        let builder = TreeBuilder(
            recordFile: { path, status in
                // The walk's lstat decides an unchanged file; only a changed one is stat'ed and read again.
                let file =
                    try self.statCache.cachedDigest(path: path, status: status).map {
                        FileDigest(digest: $0, size: status.size)
                    }
                    ?? self.statCache.digest(path: path, followLinks: false)
                files.append((String(path.dropFirst(rootPath.count + 1)), file))
                return StoredFile(digest: file.digest, size: file.size, isExecutable: status.isExecutable)
            },
            recordTree: { _ in })
        let tree = try builder.build(rootPath: rootPath)
        files.sortByUTF8Names()
        return DirectorySnapshot(tree: tree, files: files)
    }

    /// Every regular file under the folder at `url` (sub-folders included, symbolic links left
    /// out), by path relative to the folder, sorted by the UTF-8 bytes of that path, with digests
    /// from the stat cache for unchanged files: one `fstatat` per file, read only when changed.
    public func regularFiles(inDirectoryAt url: URL) throws -> [(name: String, digest: FileDigest)] {
        var found: [(name: String, digest: FileDigest)] = []
        func walk(_ path: String, prefix: String) throws {
            for (name, status) in try POSIX.directoryEntries(path) {
                let child = Paths.join(path, name)
                switch status.kind {
                case .regular:
                    if let cached = statCache.cachedDigest(path: child, status: status) {
                        found.append((prefix + name, FileDigest(digest: cached, size: status.size)))
                    } else {
                        found.append((prefix + name, try statCache.digest(path: child, followLinks: false)))
                    }
                case .directory:
                    try walk(child, prefix: prefix + name + "/")
                default:
                    continue
                }
            }
        }
        try walk(Paths.path(of: url), prefix: "")
        found.sortByUTF8Names()
        return found
    }

    /// The digest and size of the file at `url`, from the stat cache when it is unchanged.
    public func digest(ofFileAt url: URL) throws -> FileDigest {
        try statCache.digest(ofFileAt: url)
    }

    // MARK: - Trees and item sets

    /// Stores a tree after checking that every file and sub-tree it names is stored.
    /// - Returns: the tree's digest.
    /// - Throws: `StoreError` `.notFound` naming the first missing entry.
    @discardableResult
    public func store(_ tree: Tree) throws -> Digest {
        for entry in tree.entries where entry.kind != .symlink {
            guard try blobs.contains(entry.digest) else {
                throw StoreError(
                    .notFound, "tree entry \"\(entry.name)\" refers to \(entry.digest), which is not stored")
            }
        }
        // What the tree names reaches the disk before the tree does.
        try groupCommit.flush()
        return try blobs.write(tree.encoded)
    }

    /// The stored tree named `digest`.
    /// - Throws: `StoreError` `.notFound`, or `.corrupt` when the blob is not that tree.
    public func tree(_ digest: Digest) throws -> Tree {
        let tree = try Tree(decoding: blobs.read(digest))
        guard tree.digest == digest else {
            throw StoreError(.corrupt, "the blob \(blobs.layout.blobPath(digest)) does not hold tree \(digest)")
        }
        return tree
    }

    /// Stores an item set after checking that every item's blob is stored.
    /// - Parameter itemsChecked: skip the check, because the caller has just seen every item's
    ///   blob (a per-item step checks each cached item's blob, with its size, and stores the others).
    /// - Returns: the set's digest.
    /// - Throws: `StoreError` `.notFound` naming the first missing item.
    @discardableResult
    public func store(_ itemSet: ItemSet, itemsChecked: Bool = false) throws -> Digest {
        if !itemsChecked {
            for item in itemSet.items {
                guard try blobs.contains(item.digest) else {
                    throw StoreError(.notFound, "item \"\(item.name)\" refers to \(item.digest), which is not stored")
                }
            }
        }
        // What the set names reaches the disk before the set does; the set itself goes with the
        // next group commit (one that does not read back whole is a miss, see `itemSet(_:)`).
        try groupCommit.flush()
        try blobs.write(digest: itemSet.digest, count: itemSet.encodedCount, durability: .grouped) { write in
            try itemSet.forEachEncodedPiece(write)
        }
        remember(itemSet)
        return itemSet.digest
    }

    /// What the blob `digest` holds, judged by its first bytes: a tree, an item set, or a file.
    public func storedKind(of digest: Digest) throws -> StoredKind {
        let head = try blobs.prefix(of: digest, count: max(ItemSet.openingBytes.count, Tree.openingBytes.count))
        if head.starts(with: ItemSet.openingBytes) { return .itemSet }
        if head.starts(with: Tree.openingBytes) { return .tree }
        return .blob
    }

    /// The stored item set named `digest`.
    /// - Throws: `StoreError` `.notFound`, or `.corrupt` when the blob is not that item set.
    public func itemSet(_ digest: Digest) throws -> ItemSet {
        if let recent = recentItemSets.withLock({ $0.last { $0.digest == digest } }), try blobs.contains(digest) {
            return recent
        }
        let data = try blobs.read(digest)
        guard Digest(of: data) == digest else {
            throw StoreError(.corrupt, "the blob \(blobs.layout.blobPath(digest)) does not hold item set \(digest)")
        }
        let set = try ItemSet(storedBytes: data, digest: digest)
        remember(set)
        return set
    }

    private func remember(_ set: ItemSet) {
        recentItemSets.withLock { recent in
            recent.removeAll { $0.digest == set.digest }
            recent.append(set)
            if recent.count > Self.recentItemSetLimit { recent.removeFirst() }
        }
    }

    // MARK: - Materialisation

    /// Lays out the stored tree `tree` as a folder at `url`: files are read-only hard links to the
    /// blobs (clones or copies across devices). An existing file or folder at `url` is replaced
    /// atomically.
    @discardableResult
    public func materialize(tree digest: Digest, at url: URL) throws -> MaterializeReport {
        try materializer.materialize(.tree(tree(digest)), at: Paths.path(of: url))
    }

    /// Lays out the stored item set as a folder at `url`, each item at its relative name, replacing
    /// what is there atomically.
    @discardableResult
    public func materialize(itemSet digest: Digest, at url: URL) throws -> MaterializeReport {
        try materializer.materialize(.itemSet(itemSet(digest)), at: Paths.path(of: url))
    }

    /// Brings the folder at `url`, which holds the item set `previous` as `materialize(itemSet:at:)`
    /// laid it out, to the item set `digest` by touching only the items that differ (each file is
    /// replaced atomically; the folder as a whole changes file by file). One changed item out of
    /// 10,000 costs one link and one rename instead of 10,000 links.
    /// - Throws: `StoreError` when either set cannot be read or a file cannot be replaced; the
    ///   folder may then hold a mix of both sets, and should be materialised whole.
    @discardableResult
    public func materialize(itemSet digest: Digest, at url: URL, updating previous: Digest) throws -> MaterializeReport
    {
        try materializer.update(from: itemSet(previous), to: itemSet(digest), at: Paths.path(of: url))
    }

    /// Makes `url` a read-only file with the blob's bytes (a hard link when possible), replacing
    /// what is there atomically.
    /// - Parameters:
    ///   - executable: whether the file must be executable.
    ///   - size: the size recorded for the blob, when known; a blob of another size is refused.
    @discardableResult
    public func materialize(
        blob digest: Digest, at url: URL, executable: Bool = false, size: Int64? = nil
    ) throws
        -> MaterializeReport
    {
        try materializer.materialize(.blob(digest, executable: executable, size: size), at: Paths.path(of: url))
    }

    /// Whether the file at `path` is the blob itself (a hard link to it, as `materialize(blob:at:)`
    /// makes when it can): then publishing the blob there again has nothing to do.
    public func isLinked(blob digest: Digest, atPath path: String) -> Bool {
        guard let target = try? POSIX.linkStatusIfExists(path), target.kind == .regular,
            let blob = try? POSIX.linkStatusIfExists(layout.blobPath(digest))
        else { return false }
        return target.inode == blob.inode && target.device == blob.device
    }

    // MARK: - Action locks

    /// Waits for and takes the lock on action `key`, shared with every process using this store.
    /// - Throws: `CancellationError` when the task is cancelled while waiting; `StoreError` when
    ///   the lock file cannot be opened.
    public func lockAction(_ key: Digest) async throws -> ActionLock {
        try await ActionLock.acquire(key: key, layout: layout)
    }

    /// Takes the lock on action `key` if it is free, otherwise returns nil at once.
    public func tryLockAction(_ key: Digest) throws -> ActionLock? {
        try ActionLock.tryAcquire(key: key, layout: layout)
    }

    // MARK: - Internals

    private var materializer: Materializer {
        Materializer(blobs: blobs, loadTree: { try self.tree($0) })
    }

    /// The stored file for `path` when the stat cache knows its digest and the blob is stored.
    private func knownFile(path: String, status: FileStatus) throws -> StoredFile? {
        guard status.kind == .regular, let digest = statCache.cachedDigest(path: path, status: status),
            try blobs.contains(digest)
        else { return nil }
        return StoredFile(digest: digest, size: status.size, isExecutable: status.isExecutable)
    }

    private func ingest(path: String, moving: Bool, followLinks: Bool, batch: BlobBatch? = nil) throws -> StoredFile {
        let (stored, status) = try blobs.ingest(path: path, moving: moving, followLinks: followLinks, batch: batch)
        if !moving { statCache.remember(path: path, status: status, digest: stored.digest) }
        return stored
    }

    /// Deletes everything in `tmp/`; only safe while holding the store lock exclusively.
    static func removeTemporaryFiles(_ layout: StoreLayout) throws -> Int {
        let names = try POSIX.directoryNames(layout.temporaryPath)
        for name in names { try FileSystemMoves.removeTree(Paths.join(layout.temporaryPath, name)) }
        return names.count
    }
}

extension Array where Element == (name: String, digest: FileDigest) {
    /// Sorts by the UTF-8 bytes of the names, after one pass that finds them sorted already (a flat
    /// folder's listing is).
    mutating func sortByUTF8Names() {
        if zip(self, dropFirst()).allSatisfy({ !UTF8Order.precedes($1.name, $0.name) }) { return }
        sort { UTF8Order.precedes($0.name, $1.name) }
    }
}

extension LocalStore: ContentStore {
    public func storedSize(ofBlob digest: Digest) throws -> Int64? { try blobs.storedSize(of: digest) }

    public func containsBlob(_ digest: Digest) throws -> Bool { try blobs.contains(digest) }

    public func storeFile(contents: Data, executable: Bool) throws -> StoredFile {
        let digest = try blobs.write(contents, executable: executable, durability: .grouped)
        return StoredFile(digest: digest, size: Int64(contents.count), isExecutable: executable)
    }

    public func actionRecord(for key: Digest) throws -> Value? { try actions.lookup(key) }

    public func recordAction(_ record: Value, for key: Digest) throws { try actions.record(record, for: key) }

    public func forgetRecentActionRecords() { actions.forgetRecent() }
}

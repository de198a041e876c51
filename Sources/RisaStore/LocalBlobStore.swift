import Foundation
import RisaCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The blobs of a store on the local file system: `blobs/sha256/ab/<hex>`, each written atomically
/// through `tmp/` and made read-only (0444, or 0555 for a file first stored as executable).
///
/// `write` flushes each blob to disk before it returns; files stored by `ingestFile` are flushed by
/// the store's group commit (a power cut may leave such a blob shorter than its digest says, which
/// `storedSize(of:)` lets callers detect and `LocalStore.verify()` repairs).
///
/// Writers never modify a blob in place, and two processes storing the same bytes at once both
/// succeed: each renames a complete file to the same name.
public struct LocalBlobStore: BlobStore {
    let layout: StoreLayout
    let files: AtomicFiles

    init(layout: StoreLayout, groupCommit: GroupCommit) {
        self.layout = layout
        self.files = AtomicFiles(layout: layout, groupCommit: groupCommit)
    }

    /// The file holding the blob `digest` (which may not exist). Never write to it.
    public func url(of digest: Digest) -> URL {
        URL(fileURLWithPath: layout.blobPath(digest))
    }

    /// Whether the blob is stored.
    public func contains(_ digest: Digest) throws -> Bool {
        try POSIX.linkStatusIfExists(layout.blobPath(digest)) != nil
    }

    /// The length of a stored blob.
    /// - Throws: `StoreError` `.notFound` when it is not stored.
    public func size(of digest: Digest) throws -> Int64 {
        try status(of: digest).size
    }

    /// The length of the blob's file, or nil when it is not stored. A cache hit compares it with the
    /// size recorded for the blob: after a power cut a blob written shortly before may be shorter.
    public func storedSize(of digest: Digest) throws -> Int64? {
        try POSIX.linkStatusIfExists(layout.blobPath(digest))?.size
    }

    /// The bytes of a stored blob.
    /// - Throws: `StoreError` `.notFound` when it is not stored.
    public func read(_ digest: Digest) throws -> Data {
        let path = layout.blobPath(digest)
        let fd: Int32
        do {
            fd = try POSIX.openFile(path, O_RDONLY)
        } catch let error as StoreError where error.code == .notFound {
            throw StoreError.missingBlob(digest, at: path)
        }
        defer { close(fd) }
        let size = Int(try POSIX.status(of: fd, path).size)
        if size >= Self.mappedReadSize, let mapped = Self.map(fd, size: size) { return mapped }
        let data = try POSIX.readAll(fd, path)
        guard data.count == size else {
            throw StoreError(.corrupt, "the blob file \(path) shrank while it was read", path: path)
        }
        return data
    }

    /// Blobs from this size up are read by mapping the file (an item set of 100,000 items is
    /// 100-300 MB: mapped, its pages come from the page cache instead of being zeroed and copied).
    static let mappedReadSize = 1 << 20

    /// The file `fd` of `size` bytes mapped read-only, unmapped when the `Data` goes; nil when it
    /// cannot be mapped. Safe for blobs: a blob file is never changed in place (a new version is a
    /// new file renamed over it, and the mapping keeps the old one).
    private static func map(_ fd: Int32, size: Int) -> Data? {
        guard let pointer = mmap(nil, size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0), pointer != MAP_FAILED
        else { return nil }
        return Data(
            bytesNoCopy: pointer, count: size, deallocator: .custom { pointer, count in munmap(pointer, count) })
    }

    /// Up to `count` first bytes of a stored blob (to tell trees and item sets from other files
    /// without reading a large file whole).
    /// - Throws: `StoreError` `.notFound` when it is not stored.
    public func prefix(of digest: Digest, count: Int) throws -> Data {
        let path = layout.blobPath(digest)
        let fd: Int32
        do {
            fd = try POSIX.openFile(path, O_RDONLY)
        } catch let error as StoreError where error.code == .notFound {
            throw StoreError.missingBlob(digest, at: path)
        }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: count)
        let read = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, count, 0) }
        guard read >= 0 else { throw StoreError(.io, "cannot read \(path)", path: path, errno: errno) }
        return Data(buffer.prefix(read))
    }

    /// Stores `data` as a non-executable blob.
    public func write(_ data: Data) throws -> Digest {
        try write(data, executable: false)
    }

    /// Stores `data`; nothing is written when the blob exists.
    /// - Parameter executable: whether a new blob file gets mode 0555 rather than 0444.
    public func write(_ data: Data, executable: Bool) throws -> Digest {
        try write(data, executable: executable, durability: .immediate)
    }

    /// Stores `data` and makes it durable as `durability` says.
    /// A stored blob of another size (cut short by a power cut) is replaced.
    func write(_ data: Data, executable: Bool = false, durability: AtomicFiles.Durability) throws -> Digest {
        let digest = Digest(of: data)
        try write(digest: digest, count: data.count, executable: executable, durability: durability) { write in
            try data.withUnsafeBytes(write)
        }
        return digest
    }

    /// Stores the bytes `contents` hands to its argument piece by piece, already known to be
    /// `count` bytes hashing to `digest` (an encoded item set); nothing is written when the blob
    /// exists. A stored blob of another size (cut short by a power cut) is replaced.
    func write(
        digest: Digest, count: Int, executable: Bool = false, durability: AtomicFiles.Durability,
        contents: ((UnsafeRawBufferPointer) throws -> Void) throws -> Void
    ) throws {
        if try storedSize(of: digest) == Int64(count) { return }
        // Missing or damaged: written and renamed over whatever is there. Another process storing
        // the same bytes meanwhile is harmless (same name, same bytes), so the name is not looked
        // up twice more.
        try files.write(
            to: layout.blobPath(digest), mode: executable ? 0o555 : 0o444, keepExisting: false,
            durability: durability, contents: contents)
    }

    /// Stores a copy of the file at `url` (symbolic links are followed).
    public func ingestFile(at url: URL) throws -> StoredFile {
        try ingestFile(at: url, moving: false)
    }

    /// Stores the regular file at `url`, by copying it (read once: hashed while copied) or, with
    /// `moving`, by renaming it into the store after hashing it.
    ///
    /// Moving is for outputs a step wrote under the store's `tmp/` (see `LocalStore.makeWorkDirectory`):
    /// the file then becomes the blob without a copy. A file with other hard links is copied instead,
    /// so that no outside name can later change the blob. When the blob already exists the new copy
    /// is dropped (a moved file is deleted).
    /// - Throws: `StoreError`: `.invalidPath` when `moving` and the file is not under `tmp/`,
    ///   `.unsupportedFile` when it is not a regular file, `.diskFull`, `.readOnly`, `.io`.
    public func ingestFile(at url: URL, moving: Bool) throws -> StoredFile {
        try ingest(path: Paths.path(of: url), moving: moving, followLinks: true).stored
    }

    /// Deletes a blob; a missing blob is not an error.
    public func remove(_ digest: Digest) throws {
        let path = layout.blobPath(digest)
        if unlink(path) != 0, errno != ENOENT { throw StoreError.system(errno, "remove", path) }
    }

    /// The digests of every stored blob (files with other names in `blobs/` are left out).
    public func allDigests() throws -> [Digest] {
        try enumerate().compactMap(\.digest)
    }

    // MARK: - Internals shared with the rest of the module

    /// A file found under `blobs/`.
    struct BlobFile {
        let path: String
        /// The digest the file's name claims, or nil for a stray name.
        let digest: Digest?
    }

    /// Every file under `blobs/sha256/`, in no particular order.
    func enumerate() throws -> [BlobFile] {
        var found: [BlobFile] = []
        for shard in try POSIX.directoryNames(layout.blobsPath) {
            let shardPath = layout.blobsPath + "/" + shard
            guard try POSIX.linkStatus(shardPath).kind == .directory else {
                found.append(BlobFile(path: shardPath, digest: nil))
                continue
            }
            for name in try POSIX.directoryNames(shardPath) {
                let digest = Digest(hex: name).flatMap { $0.hex.hasPrefix(shard) && $0.hex == name ? $0 : nil }
                found.append(BlobFile(path: shardPath + "/" + name, digest: digest))
            }
        }
        return found
    }

    func status(of digest: Digest) throws -> FileStatus {
        let path = layout.blobPath(digest)
        guard let status = try POSIX.linkStatusIfExists(path) else { throw StoreError.missingBlob(digest, at: path) }
        return status
    }

    /// Stores the file at `path` and returns it with the status it had while it was read (for the
    /// stat cache).
    /// - Parameter batch: when given, the finished blob file joins the batch instead of being
    ///   flushed and published on its own.
    func ingest(
        path: String, moving: Bool, followLinks: Bool, batch: BlobBatch? = nil
    ) throws
        -> (stored: StoredFile, status: FileStatus)
    {
        do {
            if moving, !isInsideTemporaryFolder(path) {
                throw StoreError(
                    .invalidPath,
                    "only files under the store's \(layout.temporaryPath) can be moved into it; "
                        + "store \(path) by copying",
                    path: path)
            }
            var movable = moving
            let fd: Int32
            if moving, followLinks {
                // Only the file itself can be renamed into the store: a symbolic link is stored by
                // copying what it points to (renaming it would store the link).
                do {
                    fd = try POSIX.openFile(path, O_RDONLY | O_NOFOLLOW)
                } catch let error as StoreError where error.errno == ELOOP {
                    fd = try POSIX.openFile(path, O_RDONLY)
                    movable = false
                }
            } else {
                fd = try POSIX.openFile(path, O_RDONLY | (followLinks ? 0 : O_NOFOLLOW))
            }
            defer { close(fd) }
            let before = try POSIX.status(of: fd, path)
            guard before.kind == .regular else { throw Self.notRegular(path, before) }
            if movable, before.linkCount == 1 {
                return (try move(fd: fd, path: path, status: before, batch: batch), before)
            }
            return (try copy(fd: fd, path: path, status: before, batch: batch), before)
        } catch let error as StoreError {
            throw error.adding(context: "while storing \(path)")
        }
    }

    /// Whether `path` lies inside the store's `tmp/`, so that it may be renamed into the store.
    ///
    /// The usual case, a file directly in a work folder (`tmp/<folder>/<name>`), is decided from
    /// the path and one `lstat` of the work folder (a real folder, not a link out of `tmp/`);
    /// anything else is resolved with `realpath`, which costs an `lstat` per path component.
    func isInsideTemporaryFolder(_ path: String) -> Bool {
        let prefix = layout.temporaryPath + "/"
        if path.hasPrefix(prefix) {
            let parts = path.dropFirst(prefix.count).split(separator: "/", omittingEmptySubsequences: false)
            if parts.count == 2, parts.allSatisfy({ Paths.isValidEntryName(String($0)) }),
                let folder = try? POSIX.linkStatus(prefix + parts[0]), folder.kind == .directory
            {
                return true
            }
        }
        return Paths.isInside(path, folder: layout.temporaryPath)
    }

    static func notRegular(_ path: String, _ status: FileStatus) -> StoreError {
        let kind: String
        switch status.kind {
        case .directory: kind = "a folder"
        case .symlink: kind = "a symbolic link"
        case .other(let name): kind = "a " + name
        case .regular: kind = "a regular file"
        }
        return StoreError(
            .unsupportedFile, "\(path) is \(kind); only regular files, folders and symbolic links can be stored",
            path: path)
    }

    private func copy(fd: Int32, path: String, status before: FileStatus, batch: BlobBatch?) throws -> StoredFile {
        let (temporaryFD, temporary) = try files.createTemporary("ingest")
        let hashed: (digest: Digest, size: Int64)
        let presence: Presence
        do {
            defer { close(temporaryFD) }
            hashed = try FileHasher.copy(from: fd, path: path, to: temporaryFD, destinationPath: temporary)
            try Self.checkUnchanged(fd: fd, path: path, before: before)
            presence = try self.presence(of: hashed, batch)
            if presence == .stored {
                POSIX.removeFileQuietly(temporary)
                return StoredFile(digest: hashed.digest, size: hashed.size, isExecutable: before.isExecutable)
            }
            try POSIX.setMode(of: temporaryFD, before.isExecutable ? 0o555 : 0o444, temporary)
        } catch {
            POSIX.removeFileQuietly(temporary)
            throw error
        }
        try publish(temporary, digest: hashed.digest, replacing: presence == .damaged, ownsFile: true, batch: batch)
        return StoredFile(digest: hashed.digest, size: hashed.size, isExecutable: before.isExecutable)
    }

    private func move(fd: Int32, path: String, status before: FileStatus, batch: BlobBatch?) throws -> StoredFile {
        let hashed = try FileHasher.digest(of: fd, path: path)
        try Self.checkUnchanged(fd: fd, path: path, before: before)
        let stored = StoredFile(digest: hashed.digest, size: hashed.size, isExecutable: before.isExecutable)
        let presence = try self.presence(of: hashed, batch)
        if presence == .stored {
            try POSIX.removeFile(path)
            return stored
        }
        try POSIX.setMode(of: fd, before.isExecutable ? 0o555 : 0o444, path)
        try publish(path, digest: hashed.digest, replacing: presence == .damaged, ownsFile: false, batch: batch)
        return stored
    }

    /// Whether a blob is already stored (or pending in the batch).
    private enum Presence {
        case absent
        case stored
        /// Stored with another size than its bytes have: cut short by a power loss before the group
        /// commit reached the disk. The new copy replaces it.
        case damaged
    }

    private func presence(of hashed: (digest: Digest, size: Int64), _ batch: BlobBatch?) throws -> Presence {
        if batch?.contains(hashed.digest) == true { return .stored }
        guard let size = try storedSize(of: hashed.digest) else { return .absent }
        return size == hashed.size ? .stored : .damaged
    }

    /// Publishes a finished blob file: into the batch, or renamed into place now and flushed by the
    /// group commit.
    private func publish(_ path: String, digest: Digest, replacing: Bool, ownsFile: Bool, batch: BlobBatch?) throws {
        if let batch {
            try batch.add(path, digest: digest, ownsFile: ownsFile, replacing: replacing)
        } else if try files.publish(
            path, at: layout.blobPath(digest), keepExisting: !replacing, flushFolder: false, discardOnFailure: ownsFile)
        {
            try files.groupCommit.published(layout.blobPath(digest))
        }
    }

    /// Refuses a file that was written to while it was being read: its digest would describe no
    /// version of it.
    private static func checkUnchanged(fd: Int32, path: String, before: FileStatus) throws {
        let after = try POSIX.status(of: fd, path)
        guard after.isSameVersion(as: before) else {
            throw StoreError(
                .io, "\(path) changed while it was being stored; make sure nothing writes to it, then retry",
                path: path)
        }
    }
}

extension POSIX {
    /// Reads the whole file open at `fd` (its size from `fstat`, then until end of file).
    static func readAll(_ fd: Int32, _ path: String) throws -> Data {
        var data = Data(count: Int(try status(of: fd, path).size))
        var offset = 0
        try data.withUnsafeMutableBytes { (buffer: UnsafeMutableRawBufferPointer) in
            while offset < buffer.count {
                let count = try readChunk(fd, into: UnsafeMutableRawBufferPointer(rebasing: buffer[offset...]), path)
                if count == 0 { break }
                offset += count
            }
        }
        if offset < data.count { data.removeSubrange(offset...) }
        return data
    }
}

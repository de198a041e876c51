import Foundation
import RisaCore
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The digest and length of a file's bytes.
public struct FileDigest: Hashable, Sendable {
    /// The SHA-256 digest of the bytes.
    public let digest: Digest
    /// The length in bytes.
    public let size: Int64

    /// Creates a file digest.
    public init(digest: Digest, size: Int64) {
        self.digest = digest
        self.size = size
    }
}

/// Remembers the digest of each file hashed before, keyed by path and checked against size,
/// modification time (to the nanosecond), inode and device, so unchanged inputs are never read again.
///
/// Safe to share between threads. The cache is read from its file on first use and written back by
/// `save()` (atomically, not flushed to disk); a missing or damaged file only means an empty cache.
/// A file modified less than two seconds before it was hashed is not remembered, because a later
/// write within the same clock tick could leave its size and time unchanged.
///
/// ```swift
/// let input = try store.statCache.digest(ofFileAt: URL(fileURLWithPath: "photos/a.jpg"))
/// try store.statCache.save()
/// ```
public final class StatCache: Sendable {
    struct Entry: Sendable, Equatable {
        var size: Int64
        var seconds: Int64
        var nanoseconds: Int64
        var inode: UInt64
        var device: UInt64
        var digest: Digest

        init(_ status: FileStatus, digest: Digest) {
            size = status.size
            seconds = status.modificationSeconds
            nanoseconds = status.modificationNanoseconds
            inode = status.inode
            device = status.device
            self.digest = digest
        }

        init(size: Int64, seconds: Int64, nanoseconds: Int64, inode: UInt64, device: UInt64, digest: Digest) {
            self.size = size
            self.seconds = seconds
            self.nanoseconds = nanoseconds
            self.inode = inode
            self.device = device
            self.digest = digest
        }

        func matches(_ status: FileStatus) -> Bool {
            size == status.size && seconds == status.modificationSeconds
                && nanoseconds == status.modificationNanoseconds && inode == status.inode && device == status.device
        }
    }

    private struct State {
        var entries: [String: Entry] = [:]
        var isLoaded = false
        var isDirty = false
    }

    /// Files modified this recently (in seconds) when hashed are not remembered.
    static let racyInterval: Int64 = 2

    private let path: String
    private let files: AtomicFiles
    private let state = Mutex(State())

    init(path: String, files: AtomicFiles) {
        self.path = path
        self.files = files
    }

    /// The number of remembered files.
    public var count: Int {
        withLoadedState { $0.entries.count }
    }

    /// The digest and length of the file at `url` (symbolic links are followed), from the cache when
    /// the file is unchanged, otherwise by reading it.
    /// - Throws: `StoreError` when the file cannot be read or is not a regular file.
    public func digest(ofFileAt url: URL) throws -> FileDigest {
        try digest(path: Paths.path(of: url), followLinks: true)
    }

    /// Writes the cache to its file (atomically) when it changed since it was loaded or saved.
    public func save() throws {
        let snapshot: [String: Entry]? = withLoadedState { state in
            guard state.isDirty else { return nil }
            state.isDirty = false
            return state.entries
        }
        guard let snapshot else { return }
        do {
            // Not flushed to disk: a cache lost or damaged by a power cut is detected on load and
            // only costs re-reading files, while flushing would double the cost of every save.
            try files.write(
                StatCacheFile.encode(snapshot), to: path, mode: 0o644, keepExisting: false, durability: .none)
        } catch {
            state.withLock { $0.isDirty = true }
            throw error
        }
    }

    /// Forgets every entry (the file is rewritten empty on the next `save()`).
    public func removeAll() {
        withLoadedState { state in
            state.entries.removeAll()
            state.isDirty = true
        }
    }

    func digest(path: String, followLinks: Bool) throws -> FileDigest {
        let status = followLinks ? try POSIX.status(path) : try POSIX.linkStatus(path)
        if let cached = cachedDigest(path: path, status: status) {
            return FileDigest(digest: cached, size: status.size)
        }
        let fd = try POSIX.openFile(path, O_RDONLY | (followLinks ? 0 : O_NOFOLLOW))
        defer { close(fd) }
        let before = try POSIX.status(of: fd, path)
        guard before.kind == .regular else { throw LocalBlobStore.notRegular(path, before) }
        let hashed = try FileHasher.digest(of: fd, path: path)
        if try POSIX.status(of: fd, path).isSameVersion(as: before) {
            remember(path: path, status: before, digest: hashed.digest)
        }
        return FileDigest(digest: hashed.digest, size: hashed.size)
    }

    /// The remembered digest of `path`, when `status` shows the file unchanged since.
    func cachedDigest(path: String, status: FileStatus) -> Digest? {
        withLoadedState { state in
            guard let entry = state.entries[path], entry.matches(status) else { return nil }
            return entry.digest
        }
    }

    /// Remembers the digest of the file at `path` as `status` describes it, unless the file was
    /// modified too recently to be trusted.
    func remember(path: String, status: FileStatus, digest: Digest) {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        guard status.modificationSeconds < Int64(now.tv_sec) - Self.racyInterval else { return }
        let entry = Entry(status, digest: digest)
        withLoadedState { state in
            guard state.entries[path] != entry else { return }
            state.entries[path] = entry
            state.isDirty = true
        }
    }

    private func withLoadedState<Result>(_ body: (inout State) -> Result) -> Result {
        state.withLock { state in
            if !state.isLoaded {
                state.entries = StatCacheFile.load(path: path)
                state.isLoaded = true
            }
            return body(&state)
        }
    }
}

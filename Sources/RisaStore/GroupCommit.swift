import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Makes the store's small writes durable in groups: action records, item sets and single blobs
/// are published atomically at once (a temporary file renamed into place, so other processes and a
/// re-run after `kill -9` see them whole), but reach the disk at most one interval later and at
/// `flush()`, instead of through two `fsync` calls each as they are written.
///
/// A flush syncs the few files published since the last one one by one (each file, its folder and
/// the folder above, in case the folder was new), or the whole file system with one `syncfs` when
/// there were more: `syncfs` also waits for whatever other programs wrote to the same disk.
///
/// A power cut can lose what was published since the last flush: such a file may be missing, empty
/// or shorter than written. Readers treat that as a miss (an action record or item set that does not
/// read back whole, a blob whose size differs from the size recorded for it). Blobs that name other
/// blobs (trees, item sets) are written only after a flush, so what they name is on disk first.
final class GroupCommit: Sendable {
    private struct State {
        /// Files published since the last flush, while there are few.
        var unflushed: [String] = []
        /// More were published than are synced one by one.
        var tooManyToList = false
        var lastFlush: ContinuousClock.Instant
    }

    /// Up to this many files are synced one by one; more with one `syncfs`.
    static let individualFlushLimit = 8

    /// A folder on the store's file system (the one flushed).
    let folder: String
    /// How long a write may wait for the next flush.
    let interval: Duration
    private let state: Mutex<State>

    init(folder: String, interval: Duration = .seconds(5)) {
        self.folder = folder
        self.interval = interval
        self.state = Mutex(State(lastFlush: ContinuousClock.now))
    }

    /// Whether something was published since the last flush.
    var hasUnflushedWrites: Bool {
        state.withLock { !$0.unflushed.isEmpty || $0.tooManyToList }
    }

    /// The files published since the last flush, while they are few enough to be listed.
    var unflushedFiles: [String] {
        state.withLock { $0.unflushed }
    }

    /// Notes that the file at `path` was published without being flushed, and flushes when the last
    /// flush is older than the interval.
    func published(_ path: String) throws {
        let due = state.withLock { state -> Bool in
            if state.unflushed.count < Self.individualFlushLimit {
                state.unflushed.append(path)
            } else {
                state.tooManyToList = true
            }
            return ContinuousClock.now - state.lastFlush >= interval
        }
        if due { try flush() }
    }

    /// Makes everything published so far durable, when anything was published since the last flush.
    func flush() throws {
        let (paths, whole) = state.withLock { state -> ([String], Bool) in
            defer {
                state.unflushed = []
                state.tooManyToList = false
            }
            return (state.unflushed, state.tooManyToList)
        }
        if whole { return try flushFileSystem() }
        guard !paths.isEmpty else { return }
        do {
            var folders: [String] = []
            for path in paths {
                try Self.syncFile(path)
                let parent = Paths.parent(of: path)
                for folder in [parent, Paths.parent(of: parent)] where !folders.contains(folder) {
                    folders.append(folder)
                }
            }
            for folder in folders { try Self.syncFile(folder) }
        } catch {
            state.withLock { $0.tooManyToList = true }
            throw error
        }
        state.withLock { $0.lastFlush = ContinuousClock.now }
    }

    /// Flushes the whole file system now (one journal commit), whatever was published.
    func flushFileSystem() throws {
        state.withLock {
            $0.unflushed = []
            $0.tooManyToList = false
        }
        do {
            if let syncfs = HiddenSystemCalls.syncfs {
                try POSIX.withFile(folder, O_RDONLY | O_DIRECTORY) { fd in
                    guard syncfs(fd) == 0 else {
                        throw StoreError.system(errno, "flush to disk the file system of", folder)
                    }
                }
            } else {
                sync()
            }
        } catch {
            state.withLock { $0.tooManyToList = true }
            throw error
        }
        state.withLock { $0.lastFlush = ContinuousClock.now }
    }

    /// `fsync` of one file or folder; one removed since (replaced, collected) needs nothing.
    private static func syncFile(_ path: String) throws {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            if errno == ENOENT { return }
            throw StoreError.system(errno, "open", path)
        }
        defer { close(fd) }
        try POSIX.flush(fd, path)
    }
}

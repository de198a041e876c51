import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Makes the store's small writes durable in groups: action records and single blobs are published
/// atomically at once (a temporary file renamed into place, so other processes and a re-run after
/// `kill -9` see them whole), but reach the disk with one `syncfs` per interval and one at
/// `flush()`, instead of two `fsync` calls each.
///
/// A power cut can lose what was written since the last flush: such a file may be missing, empty
/// or shorter than written. Readers treat that as a miss (an action record that does not parse, a
/// blob whose size differs from the size recorded for it). Blobs that name other blobs (trees, item
/// sets) are written only after a flush, so what they name is on disk before they are.
final class GroupCommit: Sendable {
    private struct State {
        var unflushed = false
        var lastFlush: ContinuousClock.Instant
    }

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
        state.withLock { $0.unflushed }
    }

    /// Notes that a file was published without being flushed, and flushes when the last flush is
    /// older than the interval.
    func published() throws {
        let due = state.withLock { state -> Bool in
            state.unflushed = true
            return ContinuousClock.now - state.lastFlush >= interval
        }
        if due { try flush() }
    }

    /// Makes everything published so far durable, when anything was published since the last flush.
    func flush() throws {
        let needed = state.withLock { state -> Bool in
            guard state.unflushed else { return false }
            state.unflushed = false
            return true
        }
        guard needed else { return }
        try flushFileSystem()
    }

    /// Flushes the whole file system now (one journal commit), whatever was published.
    func flushFileSystem() throws {
        state.withLock { $0.unflushed = false }
        do {
            if let syncfs = HiddenSystemCalls.syncfs {
                try POSIX.withFile(folder, O_RDONLY | O_DIRECTORY) { fd in
                    guard syncfs(fd) == 0 else { throw StoreError.system(errno, "flush to disk the file system of", folder) }
                }
            } else {
                sync()
            }
        } catch {
            state.withLock { $0.unflushed = true }
            throw error
        }
        state.withLock { $0.lastFlush = ContinuousClock.now }
    }
}

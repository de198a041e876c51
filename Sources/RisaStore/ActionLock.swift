import RisaCore
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An exclusive lock on one action key, shared by every process using the store, so that two runs
/// needing the same action execute it once: the second waits, then finds the first one's record in
/// the action cache.
///
/// The lock is an `flock` on `locks/<hex>`; the system releases it if the process dies. Release it
/// with `release()` (dropping the last reference also releases it).
///
/// ```swift
/// let lock = try await store.lockAction(key)
/// defer { lock.release() }
/// if let record = try store.actions.lookup(key) { return record }
/// ```
public final class ActionLock: Sendable {
    /// The action key the lock is for.
    public let key: Digest
    /// The lock file.
    let path: String
    private let descriptor: Mutex<Int32?>

    private init(key: Digest, path: String, fd: Int32) {
        self.key = key
        self.path = path
        self.descriptor = Mutex(fd)
    }

    deinit {
        release()
    }

    /// Whether this object still holds the lock.
    public var isHeld: Bool {
        descriptor.withLock { $0 != nil }
    }

    /// Releases the lock; later calls do nothing.
    public func release() {
        descriptor.withLock { fd in
            if let open = fd { close(open) }
            fd = nil
        }
    }

    /// Waits until the lock on `key` is free and takes it, checking for cancellation between
    /// attempts (polling every few milliseconds, up to every 50 ms).
    /// - Throws: `CancellationError` when the task is cancelled while waiting, `StoreError` when the
    ///   lock file cannot be opened.
    static func acquire(key: Digest, path: String) async throws -> ActionLock {
        var pause = 2
        while true {
            if let lock = try tryAcquire(key: key, path: path) { return lock }
            try await Task.sleep(for: .milliseconds(pause))
            pause = min(pause * 2, 50)
        }
    }

    /// Takes the lock on `key` if it is free, otherwise returns nil at once.
    static func tryAcquire(key: Digest, path: String) throws -> ActionLock? {
        let fd = try POSIX.openFile(path, O_RDWR | O_CREAT, mode: 0o644, "open the action lock")
        do {
            guard try POSIX.lockFile(fd, LOCK_EX | LOCK_NB, path) else {
                close(fd)
                return nil
            }
        } catch {
            close(fd)
            throw error
        }
        return ActionLock(key: key, path: path, fd: fd)
    }
}

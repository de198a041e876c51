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
/// On Linux the lock is an open-file-description lock on one byte of `locks/actions` (the byte's
/// offset is taken from the key), so locking an action creates no file; elsewhere it is an `flock`
/// on `locks/<hex>`. Either way each lock has its own descriptor, so two tasks of one process
/// exclude each other too, and the system releases the lock if the process dies. Release it with
/// `release()` (dropping the last reference also releases it).
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
    static func acquire(key: Digest, layout: StoreLayout) async throws -> ActionLock {
        var pause = 2
        while true {
            if let lock = try tryAcquire(key: key, layout: layout) { return lock }
            try await Task.sleep(for: .milliseconds(pause))
            pause = min(pause * 2, 50)
        }
    }

    /// Takes the lock on `key` in the store `layout` if it is free, otherwise returns nil at once.
    static func tryAcquire(key: Digest, layout: StoreLayout) throws -> ActionLock? {
        #if os(Linux)
            return try tryAcquireByte(key: key, path: layout.actionLocksPath)
        #else
            return try tryAcquire(key: key, path: layout.lockPath(key))
        #endif
    }

    /// The byte of `locks/actions` that stands for `key`: 60 bits of the digest, so two keys
    /// sharing a byte is as unlikely as a collision of 60-bit hashes.
    static func byteOffset(of key: Digest) -> Int64 {
        Int64(key.hex.prefix(15), radix: 16)!
    }

    #if os(Linux)
        /// `F_OFD_SETLK` from `<fcntl.h>`, which Swift's Glibc module leaves out (it needs `_GNU_SOURCE`).
        private static let setOpenFileDescriptionLock: Int32 = 37

        /// Takes the byte of `key` in the shared lock file at `path` with an open-file-description lock
        /// on a descriptor of its own, or returns nil when another descriptor holds it.
        static func tryAcquireByte(key: Digest, path: String) throws -> ActionLock? {
            let fd = try POSIX.openFile(path, O_RDWR | O_CREAT, mode: 0o644, "open the action lock file")
            var range = flock()
            range.l_type = Int16(F_WRLCK)
            range.l_whence = Int16(SEEK_SET)
            range.l_start = __off_t(byteOffset(of: key))
            range.l_len = 1
            while fcntl(fd, setOpenFileDescriptionLock, &range) != 0 {
                let failure = errno
                if failure == EINTR { continue }
                close(fd)
                if failure == EAGAIN || failure == EACCES { return nil }
                throw StoreError.system(failure, "lock", path)
            }
            return ActionLock(key: key, path: path, fd: fd)
        }
    #endif

    /// Takes the `flock` on the per-key lock file at `path` if it is free, otherwise returns nil at
    /// once (the locking of platforms without open-file-description locks, and gc's check of lock
    /// files left by earlier versions).
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

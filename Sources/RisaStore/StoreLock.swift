#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The `lock` file at the store's root: every open store holds it shared for its lifetime, and
/// maintenance that deletes files (gc, cleaning `tmp/`) holds it exclusively, so it never removes
/// what another process is writing or about to reference.
final class StoreLock: Sendable {
    let path: String
    private let fd: Int32

    /// Opens the lock file (read-only when the store cannot be written, so reading still works).
    init(path: String) throws {
        self.path = path
        do {
            fd = try POSIX.openFile(path, O_RDWR | O_CREAT, mode: 0o644, "open the store lock")
        } catch let error as StoreError where error.code == .readOnly {
            fd = try POSIX.openFile(path, O_RDONLY, "open the store lock")
        }
    }

    deinit {
        close(fd)
    }

    /// Waits for the shared lock.
    func lockShared() throws {
        _ = try POSIX.lockFile(fd, LOCK_SH, path)
    }

    /// Takes the exclusive lock if no other open store holds the lock; otherwise returns false.
    ///
    /// On Linux a failed conversion drops the lock already held, so the caller must `lockShared()`
    /// again whatever the answer.
    func tryLockExclusive() throws -> Bool {
        try POSIX.lockFile(fd, LOCK_EX | LOCK_NB, path)
    }
}

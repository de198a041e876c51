import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Writes files the crash-safe way: into a new file in the store's `tmp/`, then renamed to the
/// final name, so a reader (or a restart after `kill -9`) sees either no file or the complete one.
/// How the file reaches the disk is the caller's choice (`Durability`).
struct AtomicFiles: Sendable {
    /// When a written file is made durable against power loss.
    enum Durability {
        /// Flushed (file, then folder) before `write` returns.
        case immediate
        /// Flushed by the store's group commit: within its interval, or at the end of the run.
        case grouped
        /// Never flushed explicitly (files whose loss costs only time, like the stat cache).
        case none
    }

    let layout: StoreLayout
    let groupCommit: GroupCommit

    /// Creates an empty, private temporary file; the caller owns the descriptor.
    func createTemporary(_ purpose: String) throws -> (fd: Int32, path: String) {
        let path = layout.temporaryName(purpose)
        let fd = try POSIX.openFile(path, O_WRONLY | O_CREAT | O_EXCL, mode: 0o600, "create the temporary file")
        return (fd, path)
    }

    /// Writes `data` to a new temporary file with permissions `mode`, flushed to disk unless `flush`
    /// is false (a batch flushes all its files at once).
    /// - Returns: the temporary file's path, to hand to `publish`.
    func writeTemporary(_ data: Data, mode: mode_t, purpose: String, flush: Bool = true) throws -> String {
        try writeTemporary(mode: mode, purpose: purpose, flush: flush) { write in try data.withUnsafeBytes(write) }
    }

    /// Writes the pieces `contents` hands to its argument, in order, to a new temporary file (as
    /// `writeTemporary(_:mode:purpose:flush:)`).
    func writeTemporary(
        mode: mode_t, purpose: String, flush: Bool = true,
        contents: ((UnsafeRawBufferPointer) throws -> Void) throws -> Void
    ) throws -> String {
        let (fd, path) = try createTemporary(purpose)
        do {
            defer { close(fd) }
            try contents { try POSIX.writeAll(fd, $0, path) }
            try POSIX.setMode(of: fd, mode, path)
            if flush { try POSIX.flush(fd, path) }
        } catch {
            POSIX.removeFileQuietly(path)
            throw error
        }
        return path
    }

    /// Renames a finished temporary file to `destination`, creating the destination's folder when
    /// needed, and flushes the folder so the new name survives a crash.
    /// - Parameters:
    ///   - temporary: a flushed file in `tmp/`; it is consumed (renamed or removed) unless
    ///     `discardOnFailure` is false and publishing fails.
    ///   - destination: the final path.
    ///   - keepExisting: when true and `destination` exists, the temporary file is dropped instead
    ///     (content-addressed files with the same name have the same bytes).
    ///   - flushFolder: whether to flush the destination's folder (a batch flushes once at its end).
    ///   - discardOnFailure: whether to delete `temporary` when publishing fails.
    /// - Returns: whether the file was renamed into place.
    @discardableResult
    func publish(
        _ temporary: String, at destination: String, keepExisting: Bool, flushFolder: Bool = true,
        discardOnFailure: Bool = true
    ) throws -> Bool {
        do {
            if keepExisting, try POSIX.linkStatusIfExists(destination) != nil {
                try POSIX.removeFile(temporary)
                return false
            }
            let folder = Paths.parent(of: destination)
            if rename(temporary, destination) != 0 {
                let failure = errno
                guard failure == ENOENT, try POSIX.linkStatusIfExists(folder) == nil else {
                    throw StoreError.system(failure, "rename \(temporary) to", destination)
                }
                try POSIX.makeMissingDirectories(folder)
                if flushFolder { try POSIX.flushDirectory(Paths.parent(of: folder)) }
                try POSIX.move(temporary, to: destination)
            }
            if flushFolder { try POSIX.flushDirectory(folder) }
            return true
        } catch {
            if discardOnFailure { POSIX.removeFileQuietly(temporary) }
            throw error
        }
    }

    /// Writes `data` at `destination` atomically with permissions `mode`.
    /// - Parameter durability: when the file reaches the disk; whatever it is, the file is replaced
    ///   atomically for other processes, but a power cut before the flush may lose the new version.
    @discardableResult
    func write(
        _ data: Data, to destination: String, mode: mode_t, keepExisting: Bool, durability: Durability = .immediate
    ) throws -> Bool {
        try write(to: destination, mode: mode, keepExisting: keepExisting, durability: durability) { write in
            try data.withUnsafeBytes(write)
        }
    }

    /// Writes the pieces `contents` hands to its argument at `destination` atomically (as
    /// `write(_:to:mode:keepExisting:durability:)`).
    @discardableResult
    func write(
        to destination: String, mode: mode_t, keepExisting: Bool, durability: Durability = .immediate,
        contents: ((UnsafeRawBufferPointer) throws -> Void) throws -> Void
    ) throws -> Bool {
        if keepExisting, try POSIX.linkStatusIfExists(destination) != nil { return false }
        let immediate = durability == .immediate
        let temporary = try writeTemporary(mode: mode, purpose: "write", flush: immediate, contents: contents)
        let renamed = try publish(temporary, at: destination, keepExisting: keepExisting, flushFolder: immediate)
        if renamed, durability == .grouped { try groupCommit.published(destination) }
        return renamed
    }
}

import RisaCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Thin wrappers over the system calls the store makes: they retry on `EINTR` and turn failures
/// into `StoreError`s that name the path.
enum POSIX {
    static func openFile(
        _ path: String, _ flags: Int32, mode: mode_t = 0o644, _ operation: String = "open"
    )
        throws -> Int32
    {
        while true {
            let fd = open(path, flags | O_CLOEXEC, mode)
            if fd >= 0 { return fd }
            if errno != EINTR { throw StoreError.system(errno, operation, path) }
        }
    }

    /// Runs `body` with `path` opened, closing the descriptor afterwards.
    static func withFile<Result>(
        _ path: String, _ flags: Int32, mode: mode_t = 0o644, _ operation: String = "open",
        _ body: (Int32) throws -> Result
    ) throws -> Result {
        let fd = try openFile(path, flags, mode: mode, operation)
        defer { close(fd) }
        return try body(fd)
    }

    static func status(of fd: Int32, _ path: String) throws -> FileStatus {
        var raw = stat()
        guard fstat(fd, &raw) == 0 else { throw StoreError.system(errno, "inspect", path) }
        return FileStatus(raw)
    }

    /// The status of `path` itself (a symbolic link is not followed).
    static func linkStatus(_ path: String) throws -> FileStatus {
        var raw = stat()
        guard lstat(path, &raw) == 0 else { throw StoreError.system(errno, "inspect", path) }
        return FileStatus(raw)
    }

    /// The status of what `path` names, following symbolic links.
    static func status(_ path: String) throws -> FileStatus {
        var raw = stat()
        guard stat(path, &raw) == 0 else { throw StoreError.system(errno, "inspect", path) }
        return FileStatus(raw)
    }

    /// `linkStatus`, or nil when nothing exists at `path`.
    static func linkStatusIfExists(_ path: String) throws -> FileStatus? {
        var raw = stat()
        if lstat(path, &raw) == 0 { return FileStatus(raw) }
        if errno == ENOENT { return nil }
        throw StoreError.system(errno, "inspect", path)
    }

    /// Reads up to `buffer.count` bytes; 0 means end of file.
    static func readChunk(
        _ fd: Int32, into buffer: UnsafeMutableRawBufferPointer, _ path: String
    )
        throws -> Int
    {
        while true {
            let count = read(fd, buffer.baseAddress, buffer.count)
            if count >= 0 { return count }
            if errno != EINTR { throw StoreError.system(errno, "read", path) }
        }
    }

    static func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer, _ path: String) throws {
        var offset = 0
        while offset < bytes.count {
            let count = write(fd, bytes.baseAddress! + offset, bytes.count - offset)
            if count > 0 {
                offset += count
            } else if count < 0, errno == EINTR {
                continue
            } else {
                throw StoreError.system(count == 0 ? EIO : errno, "write", path)
            }
        }
    }

    static func flush(_ fd: Int32, _ path: String) throws {
        while fsync(fd) != 0 {
            if errno != EINTR { throw StoreError.system(errno, "flush to disk", path) }
        }
    }

    /// Makes the entries of a folder (new names, renames) durable.
    static func flushDirectory(_ path: String) throws {
        try withFile(path, O_RDONLY | O_DIRECTORY) { fd in try flush(fd, path) }
    }

    static func setMode(of fd: Int32, _ mode: mode_t, _ path: String) throws {
        guard fchmod(fd, mode) == 0 else { throw StoreError.system(errno, "change the permissions of", path) }
    }

    static func setMode(_ path: String, _ mode: mode_t) throws {
        guard chmod(path, mode) == 0 else { throw StoreError.system(errno, "change the permissions of", path) }
    }

    static func move(_ source: String, to destination: String) throws {
        guard rename(source, destination) == 0 else {
            throw StoreError.system(errno, "rename \(source) to", destination)
        }
    }

    /// Creates a hard link, returning the `errno` on failure so callers can fall back.
    static func hardLink(_ source: String, _ destination: String) -> Int32? {
        link(source, destination) == 0 ? nil : errno
    }

    static func makeSymlink(_ path: String, target: String) throws {
        guard symlink(target, path) == 0 else { throw StoreError.system(errno, "create the symbolic link", path) }
    }

    static func symlinkTarget(_ path: String) throws -> String {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let count = readlink(path, &buffer, buffer.count - 1)
        guard count >= 0 else { throw StoreError.system(errno, "read the symbolic link", path) }
        let bytes = buffer[0..<count].map { UInt8(bitPattern: $0) }
        guard let target = String(validating: bytes, as: UTF8.self) else {
            throw StoreError(.invalidPath, "the target of the symbolic link \(path) is not UTF-8", path: path)
        }
        return target
    }

    static func removeFile(_ path: String) throws {
        guard unlink(path) == 0 else { throw StoreError.system(errno, "remove", path) }
    }

    /// Removes a file if it can; used on cleanup paths where the original error matters more.
    static func removeFileQuietly(_ path: String) {
        _ = unlink(path)
    }

    static func removeEmptyDirectory(_ path: String) throws {
        guard rmdir(path) == 0 else { throw StoreError.system(errno, "remove the folder", path) }
    }

    /// Creates a folder; returns false when something already exists at `path`.
    @discardableResult
    static func makeDirectory(_ path: String, _ mode: mode_t = 0o755) throws -> Bool {
        if mkdir(path, mode) == 0 { return true }
        if errno == EEXIST { return false }
        throw StoreError.system(errno, "create the folder", path)
    }

    /// Creates `path` and any missing parents.
    static func makeDirectories(_ path: String) throws {
        if let existing = try linkStatusIfExists(path) {
            if existing.kind == .directory || (try? status(path))?.kind == .directory { return }
            throw StoreError(.invalidPath, "cannot create the folder \(path): a file is in the way", path: path)
        }
        let parent = Paths.parent(of: path)
        if parent != path { try makeDirectories(parent) }
        if try !makeDirectory(path), try status(path).kind != .directory {
            throw StoreError(.invalidPath, "cannot create the folder \(path): a file is in the way", path: path)
        }
    }

    /// Creates `path` and any missing parents, like `makeDirectories(_:)`, for a folder that is
    /// most likely missing (a link into it just failed with ENOENT): tries `mkdir` first, which
    /// costs one call when only the last folder is missing instead of a status of each level.
    static func makeMissingDirectories(_ path: String) throws {
        if mkdir(path, 0o755) == 0 { return }
        switch errno {
        case EEXIST:
            if (try? status(path))?.kind == .directory { return }
            throw StoreError(.invalidPath, "cannot create the folder \(path): a file is in the way", path: path)
        case ENOENT:
            let parent = Paths.parent(of: path)
            guard parent != path else { throw StoreError.system(ENOENT, "create the folder", path) }
            try makeMissingDirectories(parent)
            if try !makeDirectory(path), try status(path).kind != .directory {
                throw StoreError(.invalidPath, "cannot create the folder \(path): a file is in the way", path: path)
            }
        default:
            throw StoreError.system(errno, "create the folder", path)
        }
    }

    /// The name of a `readdir` entry of the folder at `path`.
    /// - Throws: `StoreError` `.invalidPath` when the name is not valid UTF-8.
    private static func entryName(_ entry: UnsafeMutablePointer<dirent>, in path: String) throws -> String {
        let decoded = withUnsafeBytes(of: entry.pointee.d_name) { raw in
            String(validating: raw.prefix { $0 != 0 }, as: UTF8.self)
        }
        guard let name = decoded else {
            throw StoreError(
                .invalidPath, "a file name in \(path) is not valid UTF-8; rename it so the store can record it",
                path: path)
        }
        return name
    }

    /// The names in a folder, without `.` and `..`.
    static func directoryNames(_ path: String) throws -> [String] {
        guard let stream = opendir(path) else { throw StoreError.system(errno, "list the folder", path) }
        defer { closedir(stream) }
        var names: [String] = []
        while true {
            errno = 0
            guard let entry = readdir(stream) else {
                if errno != 0 { throw StoreError.system(errno, "list the folder", path) }
                return names
            }
            let name = try entryName(entry, in: path)
            if name != "." && name != ".." { names.append(name) }
        }
    }

    /// The entries of a folder, without `.` and `..`, each with its `lstat` status, taken relative
    /// to the open folder (`fstatat`): no path walk from the root per entry. Sorted by the UTF-8
    /// bytes of their names, the order of trees and listings.
    static func directoryEntries(_ path: String) throws -> [(name: String, status: FileStatus)] {
        guard let stream = opendir(path) else { throw StoreError.system(errno, "list the folder", path) }
        defer { closedir(stream) }
        let fd = dirfd(stream)
        var entries: [(name: String, status: FileStatus)] = []
        while true {
            errno = 0
            guard let entry = readdir(stream) else {
                if errno != 0 { throw StoreError.system(errno, "list the folder", path) }
                entries.sort { UTF8Order.precedes($0.name, $1.name) }
                return entries
            }
            let name = try entryName(entry, in: path)
            if name == "." || name == ".." { continue }
            var raw = stat()
            guard fstatat(fd, name, &raw, AT_SYMLINK_NOFOLLOW) == 0 else {
                throw StoreError.system(errno, "inspect", Paths.join(path, name))
            }
            entries.append((name, FileStatus(raw)))
        }
    }

    /// Takes or tries a `flock`; returns false when `LOCK_NB` was given and the lock is held elsewhere.
    static func lockFile(_ fd: Int32, _ operation: Int32, _ path: String) throws -> Bool {
        while flock(fd, operation) != 0 {
            if errno == EWOULDBLOCK { return false }
            if errno != EINTR { throw StoreError.system(errno, "lock", path) }
        }
        return true
    }
}

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// An open file descriptor, closed in `deinit`; its calls retry on `EINTR` and throw errors naming
/// the path.
final class FileDescriptor {
    let fd: Int32
    let path: String

    /// Opens `path` with `flags` (`O_CLOEXEC` is added).
    init(_ path: String, _ flags: Int32, mode: mode_t = 0o644, operation: String = "open") throws(ArchiveError) {
        var fd: Int32
        repeat {
            fd = open(path, flags | O_CLOEXEC, mode)
        } while fd < 0 && errno == EINTR
        guard fd >= 0 else { throw ArchiveError.system(errno, operation, path) }
        self.fd = fd
        self.path = path
    }

    /// Takes ownership of an already open descriptor.
    init(owning fd: Int32, path: String) {
        self.fd = fd
        self.path = path
    }

    deinit { close(fd) }

    /// The file's size in bytes and its type bits (`S_IFMT` part of `st_mode`).
    func status() throws(ArchiveError) -> (size: UInt64, type: mode_t) {
        var raw = stat()
        guard fstat(fd, &raw) == 0 else { throw ArchiveError.system(errno, "inspect", path) }
        return (UInt64(raw.st_size), raw.st_mode & S_IFMT)
    }

    /// Reads up to `count` bytes into `buffer`; 0 means end of file.
    func readSome(into buffer: UnsafeMutableRawPointer, count: Int) throws(ArchiveError) -> Int {
        while true {
            let result = read(fd, buffer, count)
            if result >= 0 { return result }
            if errno != EINTR { throw ArchiveError.system(errno, "read", path) }
        }
    }

    /// Reads exactly `count` bytes at `offset`, or fails saying the file is cut short.
    func readExactly(into buffer: UnsafeMutableRawPointer, count: Int, at offset: UInt64) throws(ArchiveError) {
        var done = 0
        while done < count {
            let result = pread(fd, buffer + done, count - done, off_t(offset) + off_t(done))
            if result > 0 {
                done += result
            } else if result == 0 {
                throw ArchiveError(.malformed, "\(path) is truncated: it ends before offset \(offset + UInt64(count))")
            } else if errno != EINTR {
                throw ArchiveError.system(errno, "read", path)
            }
        }
    }

    /// Reads `count` bytes at `offset` into a new array.
    func bytes(count: Int, at offset: UInt64) throws(ArchiveError) -> [UInt8] {
        var result = [UInt8](repeating: 0, count: count)
        let outcome = result.withUnsafeMutableBytes { buffer -> Result<Void, ArchiveError> in
            guard let base = buffer.baseAddress else { return .success(()) }
            return Result { () throws(ArchiveError) in try readExactly(into: base, count: count, at: offset) }
        }
        try outcome.get()
        return result
    }

    /// Writes all of `bytes` at the current position.
    func writeAll(_ bytes: UnsafeRawBufferPointer) throws(ArchiveError) {
        var done = 0
        while done < bytes.count {
            let result = write(fd, bytes.baseAddress! + done, bytes.count - done)
            if result > 0 {
                done += result
            } else if result < 0, errno == EINTR {
                continue
            } else {
                throw ArchiveError.system(result == 0 ? EIO : errno, "write", path)
            }
        }
    }

    /// Writes all of `bytes` at `offset`, leaving the current position where it was.
    func writeAll(_ bytes: UnsafeRawBufferPointer, at offset: UInt64) throws(ArchiveError) {
        var done = 0
        while done < bytes.count {
            let result = pwrite(fd, bytes.baseAddress! + done, bytes.count - done, off_t(offset) + off_t(done))
            if result > 0 {
                done += result
            } else if result < 0, errno == EINTR {
                continue
            } else {
                throw ArchiveError.system(result == 0 ? EIO : errno, "write", path)
            }
        }
    }

    /// Moves the file position to `offset` and cuts the file there.
    func truncate(at offset: UInt64) throws(ArchiveError) {
        guard ftruncate(fd, off_t(offset)) == 0 else { throw ArchiveError.system(errno, "truncate", path) }
        guard lseek(fd, off_t(offset), SEEK_SET) >= 0 else { throw ArchiveError.system(errno, "seek in", path) }
    }

    /// Flushes the file's data to the device.
    func synchronize() throws(ArchiveError) {
        guard fsync(fd) == 0 else { throw ArchiveError.system(errno, "sync", path) }
    }
}

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reads and writes whole files with POSIX calls, reporting failures as `ImageError`s about the path.
enum ImageFile {
    /// The bytes of the file at `path`.
    static func load(_ path: String) throws -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw failure(.unreadable, path, "cannot open the file") }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw failure(.unreadable, path, "cannot stat the file") }
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            throw ImageError(.unreadable, file: path, reason: "not a regular file")
        }
        var bytes = [UInt8](repeating: 0, count: Int(info.st_size))
        var done = 0
        while done < bytes.count {
            let n = bytes.withUnsafeMutableBytes { read(fd, $0.baseAddress! + done, $0.count - done) }
            if n < 0 && errno == EINTR { continue }
            guard n >= 0 else { throw failure(.unreadable, path, "cannot read the file") }
            if n == 0 { break }
            done += n
        }
        return Array(bytes.prefix(done))
    }

    /// Writes `bytes` to `path`, replacing the file.
    static func store(_ bytes: [UInt8], to path: String) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw failure(.unwritable, path, "cannot create the file") }
        defer { close(fd) }
        var done = 0
        while done < bytes.count {
            let n = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + done, $0.count - done) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { throw failure(.unwritable, path, "cannot write the file") }
            done += n
        }
    }

    private static func failure(_ code: ImageError.Code, _ path: String, _ what: String) -> ImageError {
        ImageError(code, file: path, reason: "\(what) (\(String(cString: strerror(errno))))")
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Whole-folder operations used when publishing and replacing materialisations.
enum FileSystemMoves {
    /// Atomically swaps what `first` and `second` name (both must exist). Returns false when the file
    /// system cannot swap, so the caller can fall back to two renames.
    static func exchange(_ first: String, _ second: String) throws -> Bool {
        #if os(Linux)
        // Glibc's renameat2 is not visible to Swift (it needs _GNU_SOURCE), so it is looked up by name.
        guard renameat2Address != 0, let symbol = UnsafeRawPointer(bitPattern: renameat2Address) else { return false }
        typealias RenameAt2 = @convention(c) (Int32, UnsafePointer<CChar>, Int32, UnsafePointer<CChar>, UInt32) -> Int32
        let renameat2 = unsafeBitCast(symbol, to: RenameAt2.self)
        let renameExchange: UInt32 = 2
        if renameat2(AT_FDCWD, first, AT_FDCWD, second, renameExchange) == 0 { return true }
        #elseif canImport(Darwin)
        if renamex_np(first, second, UInt32(RENAME_SWAP)) == 0 { return true }
        #endif
        #if os(Linux) || canImport(Darwin)
        let failure = errno
        if failure == EINVAL || failure == ENOSYS || failure == ENOTSUP { return false }
        throw StoreError.system(failure, "swap \(first) with", second)
        #else
        return false
        #endif
    }

    /// Deletes `path` and everything under it; a missing path is not an error.
    static func removeTree(_ path: String) throws {
        guard let status = try POSIX.linkStatusIfExists(path) else { return }
        guard status.kind == .directory else {
            try POSIX.removeFile(path)
            return
        }
        if status.permissions & 0o700 != 0o700 { try POSIX.setMode(path, 0o755) }
        for name in try POSIX.directoryNames(path) {
            try removeTree(Paths.join(path, name))
        }
        try POSIX.removeEmptyDirectory(path)
    }
}

#if os(Linux)
/// The address of glibc's `renameat2`, or 0 when this C library lacks it.
private let renameat2Address: Int = Int(bitPattern: dlsym(dlopen(nil, RTLD_NOW), "renameat2"))
#endif

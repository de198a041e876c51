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
        #if canImport(Darwin)
            if renamex_np(first, second, UInt32(RENAME_SWAP)) == 0 { return true }
        #else
            guard let renameat2 = HiddenSystemCalls.renameat2 else { return false }
            if renameat2(AT_FDCWD, first, AT_FDCWD, second, HiddenSystemCalls.renameExchange) == 0 { return true }
        #endif
        let failure = errno
        if failure == EINVAL || failure == ENOSYS || failure == ENOTSUP { return false }
        throw StoreError.system(failure, "swap \(first) with", second)
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

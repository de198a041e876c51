#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// What `stat` says about a path, reduced to what the store decides on.
struct FileStatus: Sendable, Hashable {
    /// The type of a file-system object.
    enum Kind: Sendable, Hashable {
        case regular
        case directory
        case symlink
        /// A socket, FIFO or device, named for error messages.
        case other(String)
    }

    var kind: Kind
    var size: Int64
    /// Permission bits (the low 12 bits of `st_mode`).
    var permissions: UInt32
    var modificationSeconds: Int64
    var modificationNanoseconds: Int64
    var inode: UInt64
    var device: UInt64
    var linkCount: UInt64

    /// Whether anyone may execute the file; the store records only this bit of the mode.
    var isExecutable: Bool { permissions & 0o111 != 0 }

    init(_ raw: stat) {
        let mode = UInt32(raw.st_mode)
        switch mode & UInt32(S_IFMT) {
        case UInt32(S_IFREG): kind = .regular
        case UInt32(S_IFDIR): kind = .directory
        case UInt32(S_IFLNK): kind = .symlink
        case UInt32(S_IFSOCK): kind = .other("socket")
        case UInt32(S_IFIFO): kind = .other("named pipe (FIFO)")
        case UInt32(S_IFCHR): kind = .other("character device")
        case UInt32(S_IFBLK): kind = .other("block device")
        default: kind = .other("file of unknown type")
        }
        size = Int64(raw.st_size)
        permissions = mode & 0o7777
        #if canImport(Darwin)
            modificationSeconds = Int64(raw.st_mtimespec.tv_sec)
            modificationNanoseconds = Int64(raw.st_mtimespec.tv_nsec)
        #else
            modificationSeconds = Int64(raw.st_mtim.tv_sec)
            modificationNanoseconds = Int64(raw.st_mtim.tv_nsec)
        #endif
        inode = UInt64(truncatingIfNeeded: raw.st_ino)
        device = UInt64(truncatingIfNeeded: raw.st_dev)
        linkCount = UInt64(truncatingIfNeeded: raw.st_nlink)
    }

    /// True when both describe the same unchanged file: same object (device, inode), same size and
    /// same modification time to the nanosecond.
    func isSameVersion(as other: FileStatus) -> Bool {
        size == other.size && modificationSeconds == other.modificationSeconds
            && modificationNanoseconds == other.modificationNanoseconds && inode == other.inode
            && device == other.device
    }
}

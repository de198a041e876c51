import Foundation
import RisaCore

@testable import RisaStore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A fresh temporary folder for one test, with helpers to make fixtures by code.
final class Scratch {
    let path: String
    var url: URL { URL(fileURLWithPath: path, isDirectory: true) }

    init() throws {
        var template = Array("/tmp/risa-store-test-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { throw StoreError.system(errno, "create", "/tmp") }
        path = String(cString: made)
    }

    /// Deletes the folder and everything in it (read-only files and folders included).
    func remove() {
        try? FileSystemMoves.removeTree(path)
    }

    func url(_ relative: String) -> URL {
        URL(fileURLWithPath: path + "/" + relative)
    }

    func path(_ relative: String) -> String {
        path + "/" + relative
    }

    /// Opens (creating) a store in `relative` under the scratch folder.
    func store(_ relative: String = "store") throws -> LocalStore {
        try LocalStore(root: url(relative))
    }

    /// Writes `bytes` at `relative`, creating parent folders, with permissions `mode`.
    @discardableResult
    func write(_ relative: String, _ bytes: some Sequence<UInt8>, mode: mode_t = 0o644) throws -> URL {
        try Self.write(path(relative), Array(bytes), mode: mode)
        return url(relative)
    }

    /// Writes `text` at `relative`, creating parent folders.
    @discardableResult
    func write(_ relative: String, text: String, mode: mode_t = 0o644) throws -> URL {
        try write(relative, Array(text.utf8), mode: mode)
    }

    /// Overwrites the file in place (same inode) with `bytes`.
    static func write(_ path: String, _ bytes: [UInt8], mode: mode_t = 0o644) throws {
        try POSIX.makeDirectories(Paths.parent(of: path))
        let fd = try POSIX.openFile(path, O_WRONLY | O_CREAT | O_TRUNC, mode: mode)
        defer { close(fd) }
        try bytes.withUnsafeBytes { try POSIX.writeAll(fd, $0, path) }
        try POSIX.setMode(of: fd, mode, path)
    }

    /// `count` bytes in which every 4,094-byte block differs (a counter byte, then a block whose
    /// prime length shifts against 1 MiB chunks), so a chunk hashed twice, skipped or out of order
    /// changes the digest. Built by block copies: byte-by-byte loops are slow in debug builds.
    static func patternedBytes(count: Int) -> [UInt8] {
        let block = (0..<4093).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ 3) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(count)
        var counter = 0
        while bytes.count < count {
            bytes.append(UInt8(truncatingIfNeeded: counter))
            bytes.append(contentsOf: block.prefix(count - bytes.count))
            counter += 1
        }
        return bytes
    }

    /// Sets the modification (and access) time of `path` to `seconds` and `nanoseconds`.
    static func setModificationTime(_ path: String, seconds: Int, nanoseconds: Int) {
        let time = timespec(tv_sec: seconds, tv_nsec: nanoseconds)
        let times = [time, time]
        precondition(utimensat(AT_FDCWD, path, times, 0) == 0, "utimensat failed on \(path)")
    }

    static func status(_ path: String) throws -> FileStatus {
        try POSIX.linkStatus(path)
    }

    static func contents(_ path: String) -> String? {
        FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) }
    }
}

/// A small tmpfs mounted for a test, to get a full disk, a read-only disk or a second device.
/// Only possible with the right to mount (root with CAP_SYS_ADMIN); tests using it are skipped
/// elsewhere.
final class TmpfsMount {
    let path: String

    /// Whether this process may mount file systems, probed once.
    static let isAvailable: Bool = {
        guard getuid() == 0, let probe = try? TmpfsMount(kibibytes: 64) else { return false }
        probe.unmount()
        return true
    }()

    init(kibibytes: Int) throws {
        var template = Array("/tmp/risa-store-mount-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { throw StoreError.system(errno, "create", "/tmp") }
        path = String(cString: made)
        guard mount("tmpfs", path, "tmpfs", 0, "size=\(kibibytes)k,mode=0755") == 0 else {
            let failure = errno
            rmdir(path)
            throw StoreError.system(failure, "mount a tmpfs on", path)
        }
    }

    func url(_ relative: String) -> URL {
        URL(fileURLWithPath: path + "/" + relative)
    }

    /// Makes the mounted file system read-only.
    func remountReadOnly() throws {
        guard mount("tmpfs", path, "tmpfs", UInt(MS_REMOUNT | MS_RDONLY), nil) == 0 else {
            throw StoreError.system(errno, "remount read-only", path)
        }
    }

    func unmount() {
        umount2(path, Int32(MNT_DETACH))
        rmdir(path)
    }
}

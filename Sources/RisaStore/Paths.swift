import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// String path helpers: the store talks to the system in paths, and to callers in URLs.
enum Paths {
    /// The file-system path of a file URL.
    static func path(of url: URL) -> String {
        url.withUnsafeFileSystemRepresentation { pointer in
            pointer.map { String(cString: $0) } ?? url.path
        }
    }

    static func join(_ base: String, _ name: String) -> String {
        base.hasSuffix("/") ? base + name : base + "/" + name
    }

    /// The folder holding `path` (`/a/b` gives `/a`, `/a` gives `/`, `a` gives `.`).
    static func parent(of path: String) -> String {
        var trimmed = Substring(path)
        while trimmed.count > 1, trimmed.hasSuffix("/") { trimmed = trimmed.dropLast() }
        guard let slash = trimmed.lastIndex(of: "/") else { return "." }
        if slash == trimmed.startIndex { return "/" }
        return String(trimmed[..<slash])
    }

    /// The last component of `path`.
    static func name(of path: String) -> String {
        var trimmed = Substring(path)
        while trimmed.count > 1, trimmed.hasSuffix("/") { trimmed = trimmed.dropLast() }
        guard let slash = trimmed.lastIndex(of: "/") else { return String(trimmed) }
        return String(trimmed[trimmed.index(after: slash)...])
    }

    /// Whether `name` can be one entry of a folder: not empty, not `.` or `..`, no `/` or NUL.
    static func isValidEntryName(_ name: String) -> Bool {
        !name.isEmpty && name != "." && name != ".." && !name.utf8.contains(UInt8(ascii: "/"))
            && !name.utf8.contains(0)
    }

    /// Sixteen hex digits for names of temporary files that must not collide across processes: a
    /// counter from a random start per process (one `getrandom` per process, not per name).
    static func uniqueSuffix() -> String {
        let value = uniqueNames.add(1, ordering: .relaxed).newValue
        let hex = String(value, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }

    /// The absolute path with symbolic links resolved, or nil when it does not exist.
    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// Whether `path` lies strictly inside `folder` once symbolic links are resolved.
    static func isInside(_ path: String, folder: String) -> Bool {
        guard let realFolder = realPath(folder), let realParent = realPath(parent(of: path)) else { return false }
        let child = join(realParent, name(of: path))
        return child.hasPrefix(realFolder.hasSuffix("/") ? realFolder : realFolder + "/")
    }
}

/// The last suffix handed out by `Paths.uniqueSuffix()`.
private let uniqueNames = Atomic<UInt64>(UInt64.random(in: .min ... .max))

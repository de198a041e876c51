import Synchronization

/// The versions of the native libraries steps use, by name, each looked up the first time a step
/// that uses it is keyed.
///
/// Looking a version up may be costly (FFmpeg's libraries are loaded on first use), so a run whose
/// steps use no video library never loads them. A name the lookup does not know is `"unknown"`.
public struct LibraryVersions: Sendable {
    private let cache: Cache

    /// Versions found by `lookup`, called at most once per name.
    public init(lookup: @escaping @Sendable (String) -> String?) {
        cache = Cache(lookup: lookup)
    }

    /// Fixed versions.
    public init(_ versions: [String: String]) {
        cache = Cache(lookup: { versions[$0] })
    }

    /// The version of one library.
    public func version(of library: String) -> String {
        cache.version(of: library)
    }

    /// `name -> version` for the given libraries (a step's `libraries`, for its cache key).
    public func versions(of libraries: some Sequence<String>) -> [String: String] {
        var versions: [String: String] = [:]
        for library in libraries { versions[library] = version(of: library) }
        return versions
    }

    private final class Cache: Sendable {
        let lookup: @Sendable (String) -> String?
        let found = Mutex<[String: String]>([:])

        init(lookup: @escaping @Sendable (String) -> String?) {
            self.lookup = lookup
        }

        func version(of library: String) -> String {
            if let known = found.withLock({ $0[library] }) { return known }
            // Looked up outside the lock: a lookup may load a library, and two lookups of the same
            // name give the same answer.
            let version = lookup(library) ?? "unknown"
            found.withLock { $0[library] = version }
            return version
        }
    }
}

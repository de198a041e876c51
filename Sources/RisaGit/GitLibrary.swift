internal import CGit2
import Foundation

/// libgit2 as Risa links it.
public enum GitLibrary {
    /// The linked libgit2 version, `major.minor.revision`.
    public static var version: String {
        var major: Int32 = 0
        var minor: Int32 = 0
        var revision: Int32 = 0
        git_libgit2_version(&major, &minor, &revision)
        return "\(major).\(minor).\(revision)"
    }

    private static let initialized: Bool = {
        git_libgit2_init()
        // Repositories owned by another user (a mounted project, CI checkouts) are the user's own
        // choice to open; Risa only reads them.
        _ = risa_git_set_owner_validation(0)
        return true
    }()

    /// Initialises libgit2 once per process (thread-safe: a Swift static is initialised once).
    static func initialize() {
        _ = initialized
    }
}

internal import CGit2

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
}

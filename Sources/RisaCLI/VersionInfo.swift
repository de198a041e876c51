import RisaArchive
import RisaGit
import RisaHTTP
import RisaMedia

/// Risa's version and the versions of the C libraries it links, as `risa --version` prints them.
enum VersionInfo {
    /// Risa's own version.
    static let risa = "0.1.0"

    /// `name version` of every linked C library.
    static var libraries: [(name: String, version: String)] {
        MediaLibraries.versions + [("libgit2", GitLibrary.version), ("libcurl", CurlLibrary.version), ("zlib", ZlibLibrary.version)]
    }

    /// The full text.
    static var text: String {
        var lines = ["risa \(risa)"]
        for (name, version) in libraries { lines.append("  \(name) \(version)") }
        lines.append("  FFmpeg \(MediaLibraries.ffmpegRelease)")
        return lines.joined(separator: "\n")
    }
}

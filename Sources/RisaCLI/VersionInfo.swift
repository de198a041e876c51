import RisaArchive
import RisaEngine
import RisaGit
import RisaHTTP
import RisaMedia

/// Risa's version and the versions of the C libraries it uses, as `risa --version` prints them.
enum VersionInfo {
    /// Risa's own version.
    static let risa = "0.1.0"

    /// The version of one C library by the name step specs use (`libavcodec`, `ImageMagick`,
    /// `libgit2`, ...); nil for a name Risa does not use. Loads FFmpeg's libraries for a libav* name.
    static func version(of library: String) -> String? {
        switch library {
        case "libgit2": GitLibrary.version
        case "libcurl": CurlLibrary.version
        case "zlib": ZlibLibrary.version
        default: MediaLibraries.version(of: library)
        }
    }

    /// The versions for a run's cache keys and run record, each looked up when a step first needs it.
    static var libraryVersions: LibraryVersions { LibraryVersions(lookup: { version(of: $0) }) }

    /// `name version` of every C library Risa uses.
    static var libraries: [(name: String, version: String)] {
        (MediaLibraries.names + ["libgit2", "libcurl", "zlib"]).map { ($0, version(of: $0) ?? "unknown") }
    }

    /// The full text.
    static var text: String {
        var lines = ["risa \(risa)"]
        for (name, version) in libraries { lines.append("  \(name) \(version)") }
        lines.append("  FFmpeg \(MediaLibraries.ffmpegRelease)")
        return lines.joined(separator: "\n")
    }
}

internal import CZlib

/// The zlib Risa links: deflate output (and so an archive's bytes) is a function of its version.
public enum ZlibLibrary {
    /// zlib's version at run time (for example `1.2.13`).
    public static var version: String { String(cString: zlibVersion()) }
}

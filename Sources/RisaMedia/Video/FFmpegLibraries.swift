internal import CFFmpegLoader

/// FFmpeg's libraries, opened with dlopen the first time Risa needs them instead of being linked.
///
/// Linked, they and the ~170 libraries they bring cost every `risa` command about 50 ms of
/// start-up, although most commands never touch a video. Every video entry point calls `load()`
/// first, so a missing library is an ordinary error naming it rather than a crash.
public enum FFmpegLibraries {
    /// Loads the libraries once per process (later calls return at once).
    /// - Throws: `VideoError.Code.internalError` naming the library that cannot be loaded.
    public static func load(for path: String = "FFmpeg") throws(VideoError) {
        if risa_ffmpeg_is_loaded() != 0 { return }
        var reason = [CChar](repeating: 0, count: 512)
        if risa_ffmpeg_load(&reason, reason.count) == 0 {
            let text = String(decoding: reason.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            throw VideoError(.internalError, path: path, reason: text)
        }
    }

    /// Whether the libraries are loaded in this process.
    public static var isLoaded: Bool { risa_ffmpeg_is_loaded() != 0 }
}

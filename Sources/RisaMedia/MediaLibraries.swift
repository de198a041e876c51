internal import CAV
internal import CFFmpegLoader
internal import CMagickWand

/// The versions of the media C libraries Risa uses (libav* and MagickWand), read at run time.
///
/// FFmpeg's libraries are opened on first use (see `FFmpegLibraries`), so asking for a libav*
/// version loads them; ImageMagick's is linked and always at hand.
public enum MediaLibraries {
    /// The library names, in the order `risa --version` lists them.
    public static let names = ["libavformat", "libavcodec", "libavfilter", "libavutil", "libswscale", "ImageMagick"]

    /// The version of one of `names`; nil for another name. A libav* library that cannot be loaded
    /// is `"not loadable"`.
    public static func version(of name: String) -> String? {
        if name == "ImageMagick" { return imageMagickVersion }
        let reader: (() -> UInt32)? =
            switch name {
            case "libavformat": avformat_version
            case "libavcodec": avcodec_version
            case "libavfilter": avfilter_version
            case "libavutil": avutil_version
            case "libswscale": swscale_version
            default: nil
            }
        guard let reader else { return nil }
        guard (try? FFmpegLibraries.load()) != nil else { return "not loadable" }
        return dotted(reader())
    }

    /// `name version` pairs for every library in `names`.
    public static var versions: [(name: String, version: String)] {
        names.map { ($0, version(of: $0) ?? "unknown") }
    }

    /// The FFmpeg release the libav* libraries come from (for example `5.1.6-0+deb12u1`).
    public static var ffmpegRelease: String {
        guard (try? FFmpegLibraries.load()) != nil else { return "not loadable" }
        return String(cString: av_version_info())
    }

    private static func dotted(_ version: UInt32) -> String {
        "\(risa_version_major(version)).\(risa_version_minor(version)).\(risa_version_micro(version))"
    }

    private static var imageMagickVersion: String {
        var number: Int = 0
        guard let text = MagickGetVersion(&number) else { return "unknown" }
        // "ImageMagick 6.9.11-60 Q16 x86_64 2021-01-25 https://imagemagick.org" -> "6.9.11-60 Q16"
        let words = String(cString: text).split(separator: " ")
        return words.dropFirst().prefix(2).joined(separator: " ")
    }
}

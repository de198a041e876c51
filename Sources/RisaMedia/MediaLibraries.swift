internal import CAV
internal import CMagickWand

/// The versions of the media C libraries Risa links (libav* and MagickWand), read at run time.
public enum MediaLibraries {
    /// `name version` pairs for libavformat, libavcodec, libavfilter, libavutil, libswscale and
    /// ImageMagick, in that order.
    public static var versions: [(name: String, version: String)] {
        [
            ("libavformat", dotted(avformat_version())),
            ("libavcodec", dotted(avcodec_version())),
            ("libavfilter", dotted(avfilter_version())),
            ("libavutil", dotted(avutil_version())),
            ("libswscale", dotted(swscale_version())),
            ("ImageMagick", imageMagickVersion),
        ]
    }

    /// The FFmpeg release the libav* libraries come from (for example `5.1.6-0+deb12u1`).
    public static var ffmpegRelease: String { String(cString: av_version_info()) }

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

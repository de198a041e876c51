internal import CAV

/// A container and codec pair `VideoWriter` can produce.
public enum VideoFormat: String, CaseIterable, Sendable, Hashable {
    /// H.264 (libx264) in MP4.
    case mp4H264
    /// H.264 (libx264) in Matroska.
    case mkvH264
    /// H.264 (libx264) in QuickTime MOV.
    case movH264
    /// VP8 (libvpx) in WebM.
    case webmVP8
    /// VP9 (libvpx-vp9) in WebM.
    case webmVP9
    /// Animated GIF (a fixed 252-colour palette, no dithering).
    case gif
    /// Windows Media Video 8 (wmv2) in ASF.
    case asfWMV2
    /// MPEG-2 video in an MPEG program stream (VOB).
    case vobMPEG2
    /// MPEG-2 video in an MPEG transport stream.
    case mpegtsMPEG2

    /// The libavformat muxer name.
    var muxer: String {
        switch self {
        case .mp4H264: "mp4"
        case .mkvH264: "matroska"
        case .movH264: "mov"
        case .webmVP8, .webmVP9: "webm"
        case .gif: "gif"
        case .asfWMV2: "asf"
        case .vobMPEG2: "vob"
        case .mpegtsMPEG2: "mpegts"
        }
    }

    /// The libavcodec encoder name.
    var encoder: String {
        switch self {
        case .mp4H264, .mkvH264, .movH264: "libx264"
        case .webmVP8: "libvpx"
        case .webmVP9: "libvpx-vp9"
        case .gif: "gif"
        case .asfWMV2: "wmv2"
        case .vobMPEG2, .mpegtsMPEG2: "mpeg2video"
        }
    }

    /// The pixel format frames are encoded in.
    var pixelFormat: AVPixelFormat { self == .gif ? AV_PIX_FMT_PAL8 : AV_PIX_FMT_YUV420P }

    /// The usual file extension, without the dot.
    public var fileExtension: String {
        switch self {
        case .mp4H264: "mp4"
        case .mkvH264: "mkv"
        case .movH264: "mov"
        case .webmVP8, .webmVP9: "webm"
        case .gif: "gif"
        case .asfWMV2: "wmv"
        case .vobMPEG2: "vob"
        case .mpegtsMPEG2: "ts"
        }
    }

    /// Whether a silent PCM audio track can be added (`VideoWriter.Configuration.silentAudio`).
    public var supportsSilentAudio: Bool { self == .mkvH264 || self == .movH264 }

    /// Encoder options that keep encoding fast and deterministic enough for generated media.
    var defaultEncoderOptions: [String: String] {
        switch self {
        // One x264 thread: with frame threads the same frames may give a slightly different stream.
        case .mp4H264, .mkvH264, .movH264: ["preset": "veryfast", "x264-params": "scenecut=0", "threads": "1"]
        case .webmVP8, .webmVP9: ["deadline": "realtime", "cpu-used": "8"]
        default: [:]
        }
    }
}

internal import CAV

/// A rational number such as a frame rate (30000/1001) or a sample aspect ratio (2/1).
public struct VideoRational: Sendable, Hashable, CustomStringConvertible {
    /// The numerator.
    public let numerator: Int
    /// The denominator; 0 means unknown.
    public let denominator: Int

    /// Creates `numerator/denominator`.
    public init(_ numerator: Int, _ denominator: Int) {
        self.numerator = numerator
        self.denominator = denominator
    }

    /// The value, or nil when the denominator or numerator is 0 (libav*'s "unknown").
    public var value: Double? {
        numerator == 0 || denominator == 0 ? nil : Double(numerator) / Double(denominator)
    }

    /// `numerator/denominator`.
    public var description: String { "\(numerator)/\(denominator)" }

    init(_ rational: AVRational) { self.init(Int(rational.num), Int(rational.den)) }
}

/// What a video file holds, as `ffprobe` would report it, read without decoding any frame.
///
/// ```swift
/// let probe = try VideoProbe(path: "clip.mov")
/// print(probe.formatName, probe.displayWidth, probe.displayHeight, probe.duration ?? 0)
/// ```
public struct VideoProbe: Sendable, Hashable {
    /// The path probed.
    public let path: String
    /// The demuxer's short name, as `ffprobe` prints it (`mov,mp4,m4a,3gp,3g2,mj2`, `matroska,webm`, ...).
    public let formatName: String
    /// Duration in seconds (the container's, else the video stream's), when known.
    public let duration: Double?
    /// The video stream's first timestamp in seconds (about 1.4 for MPEG-TS); frame times count from it.
    public let startTime: Double
    /// `avg_frame_rate`: frames divided by duration (0/0 when unknown).
    public let averageFrameRate: VideoRational
    /// `r_frame_rate`: the lowest rate that represents all timestamps exactly.
    public let realFrameRate: VideoRational
    /// The codec's short name (`h264`, `vp9`, `mpeg2video`, `gif`, ...).
    public let codecName: String
    /// Width of the decoded pictures.
    public let codedWidth: Int
    /// Height of the decoded pictures.
    public let codedHeight: Int
    /// Width players show: sample aspect ratio applied, then rotation.
    public let displayWidth: Int
    /// Height players show: after rotation.
    public let displayHeight: Int
    /// Rotation and mirroring for display.
    public let orientation: VideoOrientation
    /// The sample (pixel) aspect ratio; 1/1 when the file does not say.
    public let sampleAspectRatio: VideoRational
    /// The number of video frames the container declares, when it declares one.
    public let frameCount: Int?
    /// Whether the file has at least one audio stream.
    public let hasAudio: Bool

    /// Clockwise rotation in degrees for display (0, 90, 180, 270).
    public var rotation: Int { orientation.rotation }

    /// Probes `path` (the format is detected from the content, not the extension).
    /// - Throws: `VideoError` (`.fileNotFound`, `.emptyFile`, `.notAVideo`, `.noVideoStream`, ...).
    public init(path: String) throws(VideoError) {
        let input = try MediaInput(path: path)
        try self.init(input: input, streamIndex: input.videoStreamIndex())
    }

    init(input: MediaInput, streamIndex: Int32) {
        let format = input.context.pointee
        let stream = input.streams[Int(streamIndex)]
        let parameters = stream.pointee.codecpar.pointee
        let timeBase = stream.pointee.time_base
        path = input.path
        formatName = format.iformat.map { String(cString: $0.pointee.name) } ?? "unknown"
        let noTimestamp = risa_av_nopts_value()
        if format.duration != noTimestamp, format.duration > 0 {
            duration = Double(format.duration) / Double(AV_TIME_BASE)
        } else if stream.pointee.duration != noTimestamp, stream.pointee.duration > 0 {
            duration = Double(stream.pointee.duration) * av_q2d(timeBase)
        } else {
            duration = nil
        }
        startTime = stream.pointee.start_time == noTimestamp ? 0 : Double(stream.pointee.start_time) * av_q2d(timeBase)
        averageFrameRate = VideoRational(stream.pointee.avg_frame_rate)
        realFrameRate = VideoRational(stream.pointee.r_frame_rate)
        codecName = String(cString: avcodec_get_name(parameters.codec_id))
        codedWidth = Int(parameters.width)
        codedHeight = Int(parameters.height)
        let guessed = av_guess_sample_aspect_ratio(input.context, stream, nil)
        sampleAspectRatio = guessed.num > 0 && guessed.den > 0 ? VideoRational(guessed) : VideoRational(1, 1)
        orientation = VideoOrientation.of(stream)
        let squareWidth = FrameGeometry.squarePixelWidth(codedWidth, sampleAspectRatio)
        (displayWidth, displayHeight) =
            orientation.swapsDimensions ? (codedHeight, squareWidth) : (squareWidth, codedHeight)
        frameCount = stream.pointee.nb_frames > 0 ? Int(stream.pointee.nb_frames) : nil
        hasAudio = input.streams.contains { $0.pointee.codecpar.pointee.codec_type == AVMEDIA_TYPE_AUDIO }
    }
}

/// Size arithmetic shared by the probe and the frame converter.
enum FrameGeometry {
    /// The width that makes pixels square: `width * sar` rounded to the nearest integer (at least 1).
    static func squarePixelWidth(_ width: Int, _ sar: VideoRational) -> Int {
        guard let ratio = sar.value, ratio != 1, width > 0 else { return width }
        return max(1, Int((Double(width) * ratio).rounded()))
    }
}

/// Which frames of a video to extract.
public enum FrameSelection: Sendable, Hashable {
    /// Every decoded frame.
    case all
    /// One frame every `seconds`: the frame on screen at `start`, `start + seconds`, ... (seeks).
    case every(seconds: Double)
    /// A constant rate of `N` frames per second, exactly as `ffmpeg -vf fps=N` picks them (libavfilter's
    /// `fps` filter runs on the decoded frames: rounding to the nearest tick, grid starting at the first frame).
    case fps(Double)
    /// The frames on screen at these times in seconds (sorted; times past the end are skipped; seeks).
    case at([Double])
    /// Frames whose scene-change score exceeds `threshold` (0...1), as `ffmpeg -vf "select='gt(scene,T)'"`:
    /// libavfilter's `select` filter computes the score; the first frame never qualifies.
    case scenes(threshold: Double)
    /// Key frames only; other frames are not decoded (`skip_frame = AVDISCARD_NONKEY`).
    case keyframes
}

/// How to extract frames: the selection plus limits.
///
/// Times are seconds from the video stream's start time (see `VideoProbe.startTime`), so a
/// transport stream that starts at 1.4 s has its first frame at 0.
public struct FrameExtractionOptions: Sendable, Hashable {
    /// Which frames to extract.
    public var selection: FrameSelection
    /// Frames before this time are skipped (seconds, default 0).
    public var start: Double
    /// Frames at or after this time are skipped (seconds, default: the end of the video).
    public var end: Double?
    /// Stop after this many frames (default: no limit).
    public var maxFrames: Int?
    /// Refuse videos whose frames have more pixels than this (default 40 megapixels).
    public var maxPixels: Int

    /// The default pixel limit: 40 megapixels (for example 8000x5000).
    public static let defaultMaxPixels = 40_000_000

    /// Creates options.
    /// - Parameters:
    ///   - selection: which frames.
    ///   - start: first time in seconds.
    ///   - end: time in seconds where extraction stops (exclusive).
    ///   - maxFrames: the most frames delivered.
    ///   - maxPixels: the largest frame area accepted.
    public init(
        selection: FrameSelection, start: Double = 0, end: Double? = nil, maxFrames: Int? = nil,
        maxPixels: Int = FrameExtractionOptions.defaultMaxPixels
    ) {
        self.selection = selection
        self.start = start
        self.end = end
        self.maxFrames = maxFrames
        self.maxPixels = maxPixels
    }

    /// Throws when an option is out of range.
    func validate(path: String) throws(VideoError) {
        func fail(_ reason: String) -> VideoError { VideoError(.invalidOptions, path: path, reason: reason) }
        guard start.isFinite, start >= 0 else { throw fail("start must be a time of 0 s or more, got \(start)") }
        if let end, !(end > start) { throw fail("end (\(end) s) must be after start (\(start) s)") }
        if let maxFrames, maxFrames < 1 { throw fail("max_frames must be at least 1, got \(maxFrames)") }
        guard maxPixels > 0 else { throw fail("the pixel limit must be positive, got \(maxPixels)") }
        switch selection {
        case .every(let seconds):
            guard seconds.isFinite, seconds > 0 else { throw fail("every: the interval must be > 0 s, got \(seconds)") }
        case .fps(let rate):
            guard rate.isFinite, rate > 0 else { throw fail("fps: the rate must be > 0, got \(rate)") }
        case .at(let times):
            guard times.allSatisfy({ $0.isFinite && $0 >= 0 }) else {
                throw fail("at: every time must be 0 s or more, got \(times)")
            }
        case .scenes(let threshold):
            guard threshold.isFinite, threshold >= 0, threshold <= 1 else {
                throw fail("scenes: the threshold must be between 0 and 1, got \(threshold)")
            }
        case .all, .keyframes:
            break
        }
    }
}

/// One extracted frame: when it is shown, which frame it is, and its upright RGB pixels.
public struct VideoFrame: Sendable, Hashable {
    /// Presentation time in seconds: the frame's `best_effort_timestamp` minus the stream's start time,
    /// times the stream time base.
    public let time: Double
    /// The same timestamp in stream time-base ticks, not shifted (as the container stores it).
    public let timestamp: Int64
    /// Position in display order from the start of the stream. Exact (a count of decoded frames) when
    /// decoding began at the stream's start; after a seek it is `time` times the average frame rate, rounded.
    public let index: Int
    /// Whether the decoder marked this frame as a key frame.
    public let isKeyFrame: Bool
    /// The scene-change score (0...1) the `select` filter gave it, for `.scenes` extraction.
    public let sceneScore: Double?
    /// The picture as shown: RGB, sample aspect ratio applied (square pixels), rotation applied.
    public let image: PixelBuffer

    /// Width of the displayed frame (`image.width`).
    public var displayWidth: Int { image.width }
    /// Height of the displayed frame (`image.height`).
    public var displayHeight: Int { image.height }
}

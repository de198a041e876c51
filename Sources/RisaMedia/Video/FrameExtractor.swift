internal import CAV

/// Extracts frames from a video one at a time, so a long video never holds all its frames in memory.
///
/// Dense selections (`.all`, `.fps`, `.scenes`) decode every frame from `start` and pass them through
/// libavfilter; sparse ones (`.every`, `.at`) seek to the key frame before each target and decode
/// forward; `.keyframes` decodes key frames only. Only the frames delivered are converted to RGB.
/// `next()` checks for task cancellation between frames. Not thread-safe: use it from one task.
///
/// ```swift
/// let extractor = try FrameExtractor(path: "talk.mp4", options: .init(selection: .every(seconds: 10)))
/// while let frame = try extractor.next() {
///     print(frame.time, frame.image.width, frame.image.height)
/// }
/// ```
public final class FrameExtractor {
    /// What the file holds.
    public let probe: VideoProbe
    /// The options in force.
    public let options: FrameExtractionOptions
    private let selector: any FrameSelector
    private let source: FrameSource
    private var delivered = 0

    /// Opens `path` and prepares extraction; no frame is decoded yet.
    /// - Throws: `VideoError` when the file cannot be read as a video, or an option is out of range.
    public init(path: String, options: FrameExtractionOptions) throws(VideoError) {
        try options.validate(path: path)
        let input = try MediaInput(path: path)
        let streamIndex = try input.videoStreamIndex()
        probe = VideoProbe(input: input, streamIndex: streamIndex)
        self.options = options
        let keyframesOnly = options.selection == .keyframes
        source = try FrameSource(input: input, streamIndex: streamIndex, keyframesOnly: keyframesOnly)
        let factory = FrameFactory(probe: probe, source: source, maximumPixels: options.maxPixels)
        try factory.converter.checkLimit(width: probe.codedWidth, height: probe.codedHeight)
        switch options.selection {
        case .all: selector = try DenseSelector(factory: factory, options: options, filter: nil)
        case .fps(let rate): selector = try DenseSelector(factory: factory, options: options, filter: "fps=\(rate)")
        case .scenes(let threshold):
            selector = try DenseSelector(factory: factory, options: options, filter: "select='gt(scene,\(threshold))'")
        case .keyframes: selector = try DenseSelector(factory: factory, options: options, filter: nil)
        case .every(let seconds):
            selector = SeekingSelector(
                factory: factory, targets: .every(start: options.start, step: seconds),
                end: options.end ?? probe.duration)
        case .at(let times):
            selector = SeekingSelector(
                factory: factory, targets: .list(times.filter { $0 >= options.start }.sorted()),
                end: options.end)
        }
    }

    /// The next selected frame, or nil when there are no more.
    /// - Throws: `VideoError` (`.corruptData` when nothing at all could be decoded, `.frameTooLarge`,
    ///   `.cancelled` when the current task is cancelled).
    public func next() throws(VideoError) -> VideoFrame? {
        if let maxFrames = options.maxFrames, delivered >= maxFrames { return nil }
        guard let frame = try selector.next() else {
            if source.decodedCount == 0 && delivered == 0 { throw source.nothingDecodedError() }
            return nil
        }
        delivered += 1
        return frame
    }

    /// Calls `body` with each selected frame in turn.
    public func forEach(_ body: (VideoFrame) throws -> Void) throws {
        while let frame = try next() { try body(frame) }
    }

    /// Damage seen so far: packets the demuxer flagged as corrupt or the decoder rejected, plus frames
    /// the decoder flagged as corrupt. Decoders that conceal errors silently (MPEG-2) may not report all.
    public var damagedPacketCount: Int { source.damagedCount }
}

/// A strategy that picks frames.
protocol FrameSelector: AnyObject {
    func next() throws(VideoError) -> VideoFrame?
}

/// Builds `VideoFrame`s from decoded `AVFrame`s.
final class FrameFactory {
    let probe: VideoProbe
    let source: FrameSource
    let converter: FrameConverter
    private let frameRate: Double?

    init(probe: VideoProbe, source: FrameSource, maximumPixels: Int) {
        self.probe = probe
        self.source = source
        converter = FrameConverter(path: probe.path, orientation: probe.orientation, maximumPixels: maximumPixels)
        frameRate = probe.averageFrameRate.value ?? probe.realFrameRate.value
    }

    /// The frame's timestamp: best effort, else pts, else derived from the decode count and frame rate.
    func timestamp(of frame: UnsafeMutablePointer<AVFrame>) -> Int64 {
        let noTimestamp = risa_av_nopts_value()
        if frame.pointee.best_effort_timestamp != noTimestamp { return frame.pointee.best_effort_timestamp }
        if frame.pointee.pts != noTimestamp { return frame.pointee.pts }
        return source.ticks(Double(max(source.decodedCount - 1, 0)) / (frameRate ?? 25))
    }

    /// The display-order index of a frame at `timestamp`: `exactIndex` when known, else estimated.
    func index(timestamp: Int64, exactIndex: Int?) -> Int {
        if let exactIndex { return exactIndex }
        return Int((source.seconds(timestamp) * (frameRate ?? 25)).rounded())
    }

    func make(
        _ frame: UnsafeMutablePointer<AVFrame>, timestamp: Int64, index: Int, isKeyFrame: Bool,
        sceneScore: Double?
    ) throws(VideoError) -> VideoFrame {
        VideoFrame(
            time: source.seconds(timestamp), timestamp: timestamp, index: index, isKeyFrame: isKeyFrame,
            sceneScore: sceneScore, image: try converter.convert(frame, sar: probe.sampleAspectRatio))
    }
}

import Foundation
import RisaCore
import RisaMedia
import RisaModel

/// `video.frames`: extracts still frames from every video, each with its provenance.
public struct VideoFramesStep: ItemStepImplementation {
    public var spec: StepTypeSpec { Self.spec }
    public var itemsArgument: String { "videos" }
    public var itemsOutput: String { "images" }

    /// The registry entry.
    public static let spec = StepTypeSpec(
        name: "video.frames",
        version: 2,
        summary: "Extract frames from videos: every N seconds, at a rate, at times, on scene changes or key frames.",
        details: """
            Give one mode: `every: 10s` (the frame on screen every 10 s, by seeking), `fps: 1` \
            (as `ffmpeg -vf fps=1`), `at: [1.5, 30s]` (seeks), `scenes: 0.3` (frames whose scene-change \
            score exceeds the threshold, as ffmpeg's `select='gt(scene,0.3)'`) or `keyframes: true` \
            (only key frames are decoded); `scenes` may also join one of the others (frames picked by \
            both come once). `start`/`end` bound the time range, `max_frames` the count per video and \
            mode. Times are seconds from the video stream's start. Rotation metadata and the \
            sample aspect ratio are applied (frames have square pixels, upright). Output PNG (default) \
            or JPEG/WebP, named `<video name without extension>/<frame index, 6 digits>.png`. Metadata: \
            `frame` {video: the video's digest, pts: seconds rounded to microseconds, index, key}, \
            `box` [0, 0, width, height], `width`, `height`, `format`; `source`, `tags` and other keys \
            of the video pass on (its `duration`, `fps` and `codec` do not). Works on MP4, MOV, MKV, WebM \
            (VP8/VP9), animated GIF, WMV/ASF, VOB/MPEG-PS, MPEG-TS and what else libavformat reads.
            """,
        arguments: [
            ArgumentSpec("videos", .videos, required: true, "The input videos."),
            ArgumentSpec("every", .duration, "One frame every this long (seeks; e.g. 10s)."),
            ArgumentSpec("fps", .number, "Frames per second, as ffmpeg's fps filter."),
            ArgumentSpec("at", .list(.duration), "Frames at these times."),
            ArgumentSpec("scenes", .number, "Scene-change threshold, 0 to 1 (0.3 is typical)."),
            ArgumentSpec("keyframes", .bool, default: .bool(false), "Key frames only."),
            ArgumentSpec("max_frames", .int, "The most frames taken from one video."),
            ArgumentSpec("start", .duration, "Skip frames before this time."),
            ArgumentSpec("end", .duration, "Stop at this time."),
            ArgumentSpec(
                "format", .enumeration(["png", "jpg", "jpeg", "webp"]), default: .string("png"), "Output format."),
            ArgumentSpec("quality", .int, "JPEG (default 95) or WebP (default 90) quality, 1-100."),
        ],
        outputs: .fixed([OutputSpec("images", .images, "The frames of every video.")]),
        deterministic: true,
        libraries: MediaSupport.videoLibraries)

    /// Creates the step.
    public init() {}

    /// The extraction runs the arguments describe: one, or two when `scenes` joins another mode.
    static func options(_ arguments: MediaArguments) throws -> [FrameExtractionOptions] {
        var modes: [(String, FrameSelection)] = []
        if let every = try arguments.seconds("every") {
            guard every > 0 else { throw arguments.failure("every", "the interval must be longer than 0 s") }
            modes.append(("every", .every(seconds: every)))
        }
        if let fps = try arguments.double("fps") {
            guard fps > 0 else { throw arguments.failure("fps", "the rate must be more than 0") }
            modes.append(("fps", .fps(fps)))
        }
        if let times = try arguments.secondsList("at") {
            guard !times.isEmpty, times.allSatisfy({ $0 >= 0 }) else {
                throw arguments.failure("at", "give one or more times of 0 s or more")
            }
            modes.append(("at", .at(times.sorted())))
        }
        if try arguments.bool("keyframes") == true { modes.append(("keyframes", .keyframes)) }
        if let threshold = try arguments.double("scenes") {
            guard (0...1).contains(threshold) else {
                throw arguments.failure("scenes", "the threshold must be between 0 and 1")
            }
            modes.append(("scenes", .scenes(threshold: threshold)))
        }
        let others = modes.filter { $0.0 != "scenes" }
        guard !modes.isEmpty, others.count <= 1 else {
            let given = modes.isEmpty ? "none was given" : "got " + modes.map(\.0).joined(separator: " and ")
            throw StepFailure(
                "steps.\(arguments.stepId).with: give exactly one of every, fps, at or keyframes: true, and/or scenes (\(given))",
                retryable: false)
        }
        let start = try arguments.seconds("start") ?? 0
        let end = try arguments.seconds("end")
        guard start >= 0 else { throw arguments.failure("start", "must be 0 s or more") }
        if let end, end <= start { throw arguments.failure("end", "must be after start (\(start) s)") }
        let maxFrames = try arguments.int("max_frames")
        if let maxFrames, maxFrames < 1 { throw arguments.failure("max_frames", "must be at least 1") }
        return modes.map { FrameExtractionOptions(selection: $0.1, start: start, end: end, maxFrames: maxFrames) }
    }

    public func process(_ item: InputItem, _ invocation: StepInvocation) async throws -> ItemOutcome {
        let arguments = MediaArguments(invocation)
        let runs = try Self.options(arguments)
        let encoding = try MediaSupport.encoding(arguments)
        let stem = (item.name as NSString).deletingPathExtension
        let base = item.metadata.filter { !["duration", "fps", "codec"].contains($0.key) }
        var produced: [ProducedItem] = []
        var seen = Set<Int>()
        let video = item.digest.description
        let folder = invocation.outputDirectory
        // Frames are decoded in order on this task and encoded on up to `encoders` threads at once: a
        // PNG of a 1080p frame takes longer to encode than the frame takes to decode.
        let encoders = max(1, ProcessInfo.processInfo.activeProcessorCount)
        try Task.checkCancellation()
        do {
            try await withThrowingTaskGroup(of: ProducedItem.self) { group in
                var inFlight = 0
                for options in runs {
                    let extractor = try FrameExtractor(path: item.path, options: options)
                    while let frame = try extractor.next() {
                        guard seen.insert(frame.index).inserted else { continue }
                        if inFlight >= encoders, let done = try await group.next() {
                            produced.append(done)
                            inFlight -= 1
                        }
                        group.addTask {
                            try await Self.offload {
                                try Self.write(
                                    frame, video: video, base: base, stem: stem, encoding: encoding, folder: folder)
                            }
                        }
                        inFlight += 1
                    }
                    if extractor.damagedPacketCount > 0 {
                        invocation.log(
                            .stderr,
                            "\(item.name): \(extractor.damagedPacketCount) damaged packets or frames were skipped")
                    }
                }
                for try await done in group { produced.append(done) }
            }
        } catch {
            throw MediaSupport.itemFailure(error, item: item.name)
        }
        produced.sort { $0.name < $1.name }
        invocation.log(.info, "\(item.name): \(produced.count) frame\(produced.count == 1 ? "" : "s")")
        return ItemOutcome(items: produced)
    }

    /// Threads for encoding frames. The decoding loop blocks a thread of Swift's cooperative pool
    /// (one per core), so encoding there would leave a two-core machine one encoder; these threads
    /// let the encoders and the decoder use every core. `process` bounds how much work is queued.
    private static let encodingQueue = DispatchQueue(label: "risa.video.frames.encode", attributes: .concurrent)

    /// Runs blocking `work` on `encodingQueue` and waits for it without holding a pool thread.
    private static func offload<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            encodingQueue.async { continuation.resume(with: Result { try work() }) }
        }
    }

    /// Encodes one frame into `folder` and describes it.
    private static func write(
        _ frame: VideoFrame, video: String, base: [String: Value], stem: String, encoding: ImageEncoding, folder: URL
    ) throws -> ProducedItem {
        let index = String(frame.index)
        let file = String(repeating: "0", count: max(0, 6 - index.count)) + index + "." + encoding.fileExtension
        let bytes: [UInt8]
        if case .png(let level) = encoding {
            // libavcodec's PNG coder, as the ffmpeg command line: twice as fast as ImageMagick's on 1080p.
            bytes = try FramePNGEncoder.encode(frame.image, compressionLevel: level)
        } else {
            bytes = try MagickImage(pixels: frame.image, label: "\(stem) frame \(frame.index)").encode(encoding)
        }
        try FileWriter.write(bytes, to: folder.appendingPathComponent(file).path)
        var metadata = base
        metadata[ItemMetadata.frame] = .map([
            "video": .string(video),
            "pts": .number((frame.time * 1_000_000).rounded() / 1_000_000),
            "index": .int(frame.index),
            "key": .bool(frame.isKeyFrame),
        ])
        metadata[ItemMetadata.box] = ItemMetadata.boxValue(
            x: 0, y: 0, width: Double(frame.displayWidth), height: Double(frame.displayHeight))
        metadata[ItemMetadata.width] = .int(frame.displayWidth)
        metadata[ItemMetadata.height] = .int(frame.displayHeight)
        metadata[ItemMetadata.format] = .string(MediaSupport.formatName(encoding))
        if let score = frame.sceneScore { metadata["scene"] = .number((score * 10000).rounded() / 10000) }
        return ProducedItem(path: file, name: stem + "/" + file, metadata: metadata)
    }
}

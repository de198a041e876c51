internal import CAV

/// Encodes `PixelBuffer`s into a video file with libavcodec and libavformat: test fixtures and demo media.
///
/// Owns the muxer, the encoder and the stream handles; `finish()` writes the trailer, and `deinit`
/// frees everything (a writer dropped without `finish()` leaves an unfinished file).
///
/// ```swift
/// let writer = try VideoWriter(path: "/tmp/demo.mp4",
///                              configuration: .init(format: .mp4H264, width: 160, height: 120, frameRate: 25))
/// for index in 0..<50 { try writer.append(SyntheticVideo.frame(index: index, width: 160, height: 120)) }
/// try writer.finish()
/// ```
public final class VideoWriter {
    /// What to write.
    public struct Configuration: Sendable, Hashable {
        /// Container and codec.
        public var format: VideoFormat
        /// Width of the encoded pictures.
        public var width: Int
        /// Height of the encoded pictures.
        public var height: Int
        /// Frames per second (MPEG-2 accepts only standard rates such as 24, 25, 30, 50, 60).
        public var frameRate: Int
        /// Distance between key frames, in frames.
        public var keyframeInterval: Int
        /// Clockwise display rotation stored as display matrix side data (0, 90, 180, 270; MP4/MOV).
        public var rotation: Int
        /// The sample aspect ratio stored in the stream and the bitstream.
        public var sampleAspectRatio: VideoRational
        /// Target bit rate in bits per second (nil: the encoder's default or quality mode).
        public var bitRate: Int?
        /// Private encoder options (`preset`, `crf`, `x264-params`, ...); override the format's defaults.
        public var encoderOptions: [String: String]
        /// Timestamps in milliseconds from `append(_:time:)` instead of one tick per frame.
        public var variableFrameRate: Bool
        /// Adds a silent mono PCM audio track (MKV and MOV only).
        public var silentAudio: Bool

        /// Creates a configuration.
        public init(
            format: VideoFormat, width: Int, height: Int, frameRate: Int, keyframeInterval: Int = 12,
            rotation: Int = 0, sampleAspectRatio: VideoRational = VideoRational(1, 1), bitRate: Int? = nil,
            encoderOptions: [String: String] = [:], variableFrameRate: Bool = false, silentAudio: Bool = false
        ) {
            self.format = format
            self.width = width
            self.height = height
            self.frameRate = frameRate
            self.keyframeInterval = keyframeInterval
            self.rotation = rotation
            self.sampleAspectRatio = sampleAspectRatio
            self.bitRate = bitRate
            self.encoderOptions = encoderOptions
            self.variableFrameRate = variableFrameRate
            self.silentAudio = silentAudio
        }
    }

    /// The file being written.
    public let path: String
    /// The configuration in force.
    public let configuration: Configuration
    private var output: UnsafeMutablePointer<AVFormatContext>?
    private let video: EncodedStream
    private let audio: EncodedStream?
    private let picture = FrameHandle()
    private var scaler: OpaquePointer?
    /// The picture being converted, copied with zeroed bytes after it: swscale's vector code reads
    /// up to 16 bytes past the last pixel (valgrind: "Invalid read of size 16"), which for a
    /// `PixelBuffer` are whatever lies next on the heap; they reached the H.264 stream now and then.
    private var paddedSource: [UInt8] = []
    private var frameNumber: Int64 = 0
    private var audioSamples: Int64 = 0
    private var finished = false
    private static let audioRate: Int32 = 8000
    /// Zeroed bytes after the source picture for swscale's over-reads (its SIMD loads are at most
    /// 64 bytes wide).
    private static let sourcePadding = 64

    /// Creates the file and writes the container header.
    /// - Throws: `VideoError` with code `.writeFailed` (or `.invalidOptions`) naming the file.
    public init(path: String, configuration: Configuration) throws(VideoError) {
        try FFmpegLibraries.load(for: path)
        _ = VideoLogging.installed
        self.path = path
        self.configuration = configuration
        let format = configuration.format
        guard configuration.width > 0, configuration.height > 0, configuration.frameRate > 0,
            configuration.keyframeInterval > 0
        else {
            throw VideoError(
                .invalidOptions, path: path, reason: "size, frame rate and key frame interval must be positive")
        }
        if configuration.silentAudio && !format.supportsSilentAudio {
            throw VideoError(.invalidOptions, path: path, reason: "a silent audio track is only written to MKV and MOV")
        }
        var context: UnsafeMutablePointer<AVFormatContext>?
        try VideoError.check(
            avformat_alloc_output_context2(&context, nil, format.muxer, path),
            "creating a \(format.muxer) muxer", path: path, code: .writeFailed)
        guard let context else { throw VideoError(.writeFailed, path: path, reason: "no \(format.muxer) muxer") }
        output = context
        // The ffmpeg command line's default mux delay (0.7 s): MPEG-TS/PS timestamps then start near 1.4 s
        // as in files made by ffmpeg.
        context.pointee.max_delay = 700_000
        // Same frames, same bytes: no random Matroska track UIDs, no muxer version strings.
        context.pointee.flags |= risa_avfmt_flag_bitexact()
        let timeBase =
            configuration.variableFrameRate
            ? AVRational(num: 1, den: 1000) : AVRational(num: 1, den: Int32(configuration.frameRate))
        let sar = AVRational(
            num: Int32(configuration.sampleAspectRatio.numerator),
            den: Int32(configuration.sampleAspectRatio.denominator))
        var options = format.defaultEncoderOptions
        options.merge(configuration.encoderOptions) { $1 }
        video = try EncodedStream(output: context, encoder: format.encoder, path: path, options: options) { codec in
            codec.pointee.width = Int32(configuration.width)
            codec.pointee.height = Int32(configuration.height)
            codec.pointee.pix_fmt = format.pixelFormat
            codec.pointee.time_base = timeBase
            codec.pointee.framerate = AVRational(num: Int32(configuration.frameRate), den: 1)
            codec.pointee.gop_size = Int32(configuration.keyframeInterval)
            codec.pointee.keyint_min = Int32(configuration.keyframeInterval)
            codec.pointee.sample_aspect_ratio = sar
            if let bitRate = configuration.bitRate { codec.pointee.bit_rate = Int64(bitRate) }
        }
        video.stream.pointee.sample_aspect_ratio = sar
        video.stream.pointee.avg_frame_rate = AVRational(num: Int32(configuration.frameRate), den: 1)
        if configuration.rotation % 360 != 0 {
            guard let side = av_stream_new_side_data(video.stream, AV_PKT_DATA_DISPLAYMATRIX, 36) else {
                fatalError("av_stream_new_side_data: out of memory")
            }
            // What the MOV/MP4 muxer stores makes readers (ffprobe, ffmpeg's autorotate, VideoProbe) see
            // `-angle`: so a clockwise display rotation R is set as the angle +R (checked with ffprobe 5.1).
            side.withMemoryRebound(to: Int32.self, capacity: 9) {
                av_display_rotation_set($0, Double(configuration.rotation))
            }
        }
        audio =
            configuration.silentAudio
            ? try EncodedStream(output: context, encoder: "pcm_s16le", path: path, options: [:]) { codec in
                codec.pointee.sample_fmt = AV_SAMPLE_FMT_S16
                codec.pointee.sample_rate = Self.audioRate
                av_channel_layout_default(&codec.pointee.ch_layout, 1)
                codec.pointee.time_base = AVRational(num: 1, den: Self.audioRate)
            } : nil
        if (context.pointee.oformat.pointee.flags & risa_avfmt_nofile()) == 0 {
            try VideoError.check(
                avio_open(&context.pointee.pb, path, risa_avio_flag_write()), "creating the file",
                path: path, code: .writeFailed)
        }
        try VideoError.check(
            avformat_write_header(context, nil), "writing the \(format.muxer) header", path: path,
            code: .writeFailed)
        picture.pointer.pointee.width = Int32(configuration.width)
        picture.pointer.pointee.height = Int32(configuration.height)
        picture.pointer.pointee.format = format.pixelFormat.rawValue
        try VideoError.check(av_frame_get_buffer(picture.pointer, 32), "allocating a picture", path: path)
    }

    deinit {
        sws_freeContext(scaler)
        if let output {
            if !finished, (output.pointee.oformat.pointee.flags & risa_avfmt_nofile()) == 0 {
                avio_closep(&output.pointee.pb)
            }
            avformat_free_context(output)
        }
    }

    /// Encodes one picture.
    /// - Parameters:
    ///   - image: `configuration.width` x `configuration.height` pixels, any layout.
    ///   - time: presentation time in seconds (used with `variableFrameRate`; otherwise frames are
    ///     1/frameRate apart and this must be nil).
    public func append(_ image: PixelBuffer, time: Double? = nil) throws(VideoError) {
        guard !finished, let output else {
            throw VideoError(.writeFailed, path: path, reason: "the writer is finished")
        }
        guard image.width == configuration.width, image.height == configuration.height else {
            throw VideoError(
                .invalidOptions, path: path,
                reason: "a \(image.width)x\(image.height) picture does not "
                    + "fit a \(configuration.width)x\(configuration.height) video")
        }
        guard (time != nil) == configuration.variableFrameRate else {
            throw VideoError(
                .invalidOptions, path: path,
                reason: "give a time for each picture exactly when variableFrameRate is on")
        }
        try VideoError.check(av_frame_make_writable(picture.pointer), "preparing a picture", path: path)
        if configuration.format == .gif {
            PaletteQuantizer.fill(picture.pointer, from: image)
        } else {
            try fillYUV(from: image)
        }
        let pts = time.map { Int64(($0 * 1000).rounded()) } ?? frameNumber
        picture.pointer.pointee.pts = pts
        frameNumber += 1
        try video.send(picture.pointer, to: output)
        if let audio {
            let seconds = time ?? Double(frameNumber) / Double(configuration.frameRate)
            try writeSilence(until: seconds, on: audio, to: output)
        }
    }

    /// Flushes the encoders and writes the container trailer; the file is complete afterwards.
    public func finish() throws(VideoError) {
        guard !finished, let output else { return }
        try video.send(nil, to: output)
        try audio?.send(nil, to: output)
        try VideoError.check(av_write_trailer(output), "writing the trailer", path: path, code: .writeFailed)
        finished = true
        if (output.pointee.oformat.pointee.flags & risa_avfmt_nofile()) == 0 { avio_closep(&output.pointee.pb) }
    }

    private func fillYUV(from image: PixelBuffer) throws(VideoError) {
        let source: AVPixelFormat =
            switch image.layout {
            case .gray: AV_PIX_FMT_GRAY8
            case .rgb: AV_PIX_FMT_RGB24
            case .rgba: AV_PIX_FMT_RGBA
            }
        scaler = sws_getCachedContext(
            scaler, Int32(image.width), Int32(image.height), source, Int32(image.width),
            Int32(image.height), configuration.format.pixelFormat,
            SWS_BICUBIC | SWS_ACCURATE_RND, nil, nil, nil)
        guard let scaler else { throw VideoError(.writeFailed, path: path, reason: "cannot convert pictures to YUV") }
        let frame = picture.pointer
        let count = image.rowBytes * image.height
        if paddedSource.count != count + Self.sourcePadding {
            paddedSource = [UInt8](repeating: 0, count: count + Self.sourcePadding)
        }
        paddedSource.withUnsafeMutableBufferPointer { padded in
            image.bytes.withUnsafeBufferPointer { bytes in
                padded.baseAddress!.update(from: bytes.baseAddress!, count: count)
            }
        }
        let result = paddedSource.withUnsafeBufferPointer { bytes in
            var planes: [UnsafePointer<UInt8>?] = [bytes.baseAddress, nil, nil, nil]
            var strides: [Int32] = [Int32(image.rowBytes), 0, 0, 0]
            return withUnsafeMutablePointer(to: &frame.pointee.data) { data in
                withUnsafeMutablePointer(to: &frame.pointee.linesize) { lines in
                    sws_scale(
                        scaler, &planes, &strides, 0, Int32(image.height),
                        UnsafeMutableRawPointer(data).assumingMemoryBound(to: UnsafeMutablePointer<UInt8>?.self),
                        UnsafeMutableRawPointer(lines).assumingMemoryBound(to: Int32.self))
                }
            }
        }
        try VideoError.check(result, "converting a picture to YUV", path: path, code: .writeFailed)
    }

    private func writeSilence(
        until seconds: Double, on audio: EncodedStream, to output: UnsafeMutablePointer<AVFormatContext>
    )
        throws(VideoError)
    {
        let target = Int64(seconds * Double(Self.audioRate))
        guard target > audioSamples else { return }
        let frame = FrameHandle()
        frame.pointer.pointee.nb_samples = Int32(target - audioSamples)
        frame.pointer.pointee.format = AV_SAMPLE_FMT_S16.rawValue
        frame.pointer.pointee.sample_rate = Self.audioRate
        av_channel_layout_default(&frame.pointer.pointee.ch_layout, 1)
        try VideoError.check(av_frame_get_buffer(frame.pointer, 0), "allocating audio", path: path)
        try VideoError.check(
            av_samples_set_silence(
                frame.pointer.pointee.extended_data, 0, frame.pointer.pointee.nb_samples,
                1, AV_SAMPLE_FMT_S16), "writing silence", path: path)
        frame.pointer.pointee.pts = audioSamples
        audioSamples = target
        try audio.send(frame.pointer, to: output)
    }
}

internal import CAV

/// Reads the packets of one video stream and decodes them into frames, in display order.
///
/// Owns the decoder (`AVCodecContext`, freed in `deinit`). Decoding runs with frame and slice
/// threading. Packets the decoder rejects are counted and skipped, so a damaged stretch in the middle
/// of a file costs only the frames that depend on it.
final class FrameSource {
    let input: MediaInput
    let streamIndex: Int32
    let stream: UnsafeMutablePointer<AVStream>
    let decoder: UnsafeMutablePointer<AVCodecContext>
    /// The current frame after `next()` returned true; valid until the next call.
    let frame = FrameHandle()
    private let packet = PacketHandle()
    private let keyframesOnly: Bool
    private var draining = false
    /// Timestamp subtracted from every frame's timestamp: the stream's start time.
    let origin: Int64
    /// Seconds per timestamp unit.
    let secondsPerTick: Double

    /// Packets the demuxer flagged as corrupt or the decoder refused, plus frames flagged as corrupt.
    private(set) var damagedCount = 0
    /// Frames delivered since the decoder was opened or last seeked to the start.
    private(set) var decodedCount = 0
    /// Packets presented before this timestamp (stream ticks) are decoded only if other frames refer to
    /// them (`AVDISCARD_NONREF`): a seeking reader does not need the rest to reach its target.
    var skipNonReferenceBefore: Int64?
    /// The last decoder or read error, kept to explain an empty result.
    private(set) var lastError: Int32?

    var path: String { input.path }

    init(input: MediaInput, streamIndex: Int32, keyframesOnly: Bool) throws(VideoError) {
        self.input = input
        self.streamIndex = streamIndex
        self.keyframesOnly = keyframesOnly
        stream = input.streams[Int(streamIndex)]
        let parameters: UnsafeMutablePointer<AVCodecParameters> = stream.pointee.codecpar
        guard let codec = avcodec_find_decoder(parameters.pointee.codec_id) else {
            let name = String(cString: avcodec_get_name(parameters.pointee.codec_id))
            throw VideoError(.unsupportedCodec, path: input.path, reason: "no decoder for the video codec \(name)")
        }
        guard let context = avcodec_alloc_context3(codec) else { fatalError("avcodec_alloc_context3: out of memory") }
        decoder = context
        try VideoError.check(
            avcodec_parameters_to_context(context, parameters), "reading the codec parameters",
            path: input.path)
        context.pointee.thread_count = 0
        context.pointee.thread_type = risa_ff_thread_frame_slice()
        context.pointee.pkt_timebase = stream.pointee.time_base
        if keyframesOnly { context.pointee.skip_frame = AVDISCARD_NONKEY }
        try VideoError.check(
            avcodec_open2(context, codec, nil), "opening the \(String(cString: codec.pointee.name)) decoder",
            path: input.path, code: .unsupportedCodec)
        let start = stream.pointee.start_time
        origin = start == risa_av_nopts_value() ? 0 : start
        secondsPerTick = av_q2d(stream.pointee.time_base)
    }

    deinit {
        var context: UnsafeMutablePointer<AVCodecContext>? = decoder
        avcodec_free_context(&context)
    }

    /// The current frame's timestamp in stream ticks (best effort, falling back to pts), or nil.
    var frameTimestamp: Int64? {
        let best = frame.pointer.pointee.best_effort_timestamp
        if best != risa_av_nopts_value() { return best }
        let pts = frame.pointer.pointee.pts
        return pts == risa_av_nopts_value() ? nil : pts
    }

    /// Seconds from the stream's start to `ticks`.
    func seconds(_ ticks: Int64) -> Double { Double(ticks - origin) * secondsPerTick }

    /// Stream ticks at `seconds` after the stream's start.
    func ticks(_ seconds: Double) -> Int64 { origin + Int64((seconds / secondsPerTick).rounded()) }

    /// Decodes the next frame into `frame`; false at the end of the stream.
    func next() throws(VideoError) -> Bool {
        let again = risa_averror_eagain()
        let endOfFile = risa_averror_eof()
        while true {
            if Task.isCancelled {
                throw VideoError(.cancelled, path: path, reason: "frame extraction was cancelled")
            }
            let received = avcodec_receive_frame(decoder, frame.pointer)
            if received == 0 {
                if frame.pointer.pointee.decode_error_flags != 0
                    || (frame.pointer.pointee.flags & risa_av_frame_flag_corrupt()) != 0
                {
                    damagedCount += 1
                }
                decodedCount += 1
                return true
            }
            if received == endOfFile { return false }
            if received != again {
                damagedCount += 1
                lastError = received
                if draining { return false }
                continue
            }
            if draining { return false }
            try feedOnePacket()
        }
    }

    /// Reads packets until one of the video stream is sent to the decoder, or starts draining at the end.
    private func feedOnePacket() throws(VideoError) {
        let pointer = packet.pointer
        while true {
            let read = av_read_frame(input.context, pointer)
            if read < 0 {
                if read != risa_averror_eof() { lastError = read }
                draining = true
                _ = avcodec_send_packet(decoder, nil)
                return
            }
            defer { av_packet_unref(pointer) }
            guard pointer.pointee.stream_index == streamIndex else { continue }
            if keyframesOnly && (pointer.pointee.flags & risa_av_pkt_flag_key()) == 0 { continue }
            // The demuxer flags packets it knows are damaged (lost transport packets, bad checksums); the
            // decoder still gets them, as ffmpeg does, and conceals what it can.
            if (pointer.pointee.flags & risa_av_pkt_flag_corrupt()) != 0 { damagedCount += 1 }
            if !keyframesOnly {
                let pts = pointer.pointee.pts
                let skip = skipNonReferenceBefore.map { pts != risa_av_nopts_value() && pts < $0 } ?? false
                decoder.pointee.skip_frame = skip ? AVDISCARD_NONREF : AVDISCARD_DEFAULT
            }
            let sent = avcodec_send_packet(decoder, pointer)
            if sent < 0 && sent != risa_averror_eagain() {
                damagedCount += 1
                lastError = sent
                continue
            }
            return
        }
    }

    /// Jumps to the last keyframe at or before `timestamp` (stream ticks) and resets the decoder.
    /// - Returns: false when the container cannot seek (reading then continues where it was).
    @discardableResult
    func seek(toKeyframeBefore timestamp: Int64) -> Bool {
        let result = avformat_seek_file(
            input.context, streamIndex, Int64.min, timestamp, timestamp,
            risa_avseek_flag_backward())
        guard result >= 0 else { return false }
        avcodec_flush_buffers(decoder)
        draining = false
        if timestamp <= origin { decodedCount = 0 }
        return true
    }

    /// The timestamp of the indexed keyframe at or before `timestamp`, when the container has an index.
    func indexedKeyframe(atOrBefore timestamp: Int64) -> Int64? {
        guard let entry = avformat_index_get_entry_from_timestamp(stream, timestamp, risa_avseek_flag_backward())
        else { return nil }
        return entry.pointee.timestamp
    }

    /// The error to throw when the stream ended without a single frame.
    func nothingDecodedError() -> VideoError {
        if let lastError {
            return VideoError(
                .corruptData, path: path,
                reason: "no frame could be decoded (\(damagedCount) damaged packets; last error: "
                    + "\(VideoError.text(of: lastError)))", underlyingCode: lastError)
        }
        return VideoError(.corruptData, path: path, reason: "the video stream contains no decodable frame")
    }
}

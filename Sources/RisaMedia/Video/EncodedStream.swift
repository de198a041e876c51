internal import CAV

/// One output stream and its encoder (`AVCodecContext`, freed in `deinit`), for `VideoWriter`.
final class EncodedStream {
    let stream: UnsafeMutablePointer<AVStream>
    let encoder: UnsafeMutablePointer<AVCodecContext>
    private let packet = PacketHandle()
    private let path: String

    /// Creates the stream in `output`, lets `configure` fill in the encoder, then opens it with `options`.
    init(
        output: UnsafeMutablePointer<AVFormatContext>, encoder name: String, path: String, options: [String: String],
        configure: (UnsafeMutablePointer<AVCodecContext>) -> Void
    ) throws(VideoError) {
        self.path = path
        guard let codec = avcodec_find_encoder_by_name(name) else {
            throw VideoError(
                .writeFailed, path: path, reason: "the encoder \(name) is not available in this libavcodec")
        }
        guard let stream = avformat_new_stream(output, nil), let context = avcodec_alloc_context3(codec) else {
            fatalError("avformat_new_stream / avcodec_alloc_context3: out of memory")
        }
        self.stream = stream
        encoder = context
        configure(context)
        // No encoder version strings or other run-dependent bytes in the stream.
        context.pointee.flags |= risa_av_codec_flag_bitexact()
        if (output.pointee.oformat.pointee.flags & risa_avfmt_globalheader()) != 0 {
            context.pointee.flags |= risa_av_codec_flag_global_header()
        }
        var dictionary: OpaquePointer?
        for (key, value) in options.sorted(by: { $0.key < $1.key }) { av_dict_set(&dictionary, key, value, 0) }
        let opened = avcodec_open2(context, codec, &dictionary)
        av_dict_free(&dictionary)
        try VideoError.check(opened, "opening the \(name) encoder", path: path, code: .writeFailed)
        try VideoError.check(
            avcodec_parameters_from_context(stream.pointee.codecpar, context),
            "describing the \(name) stream", path: path, code: .writeFailed)
        stream.pointee.time_base = context.pointee.time_base
    }

    deinit {
        var context: UnsafeMutablePointer<AVCodecContext>? = encoder
        avcodec_free_context(&context)
    }

    /// Encodes `frame` (nil flushes) and writes the packets that come out.
    func send(
        _ frame: UnsafeMutablePointer<AVFrame>?, to output: UnsafeMutablePointer<AVFormatContext>
    )
        throws(VideoError)
    {
        try VideoError.check(avcodec_send_frame(encoder, frame), "encoding", path: path, code: .writeFailed)
        while true {
            let received = avcodec_receive_packet(encoder, packet.pointer)
            if received == risa_averror_eagain() || received == risa_averror_eof() { return }
            try VideoError.check(received, "encoding", path: path, code: .writeFailed)
            av_packet_rescale_ts(packet.pointer, encoder.pointee.time_base, stream.pointee.time_base)
            packet.pointer.pointee.stream_index = stream.pointee.index
            try VideoError.check(
                av_interleaved_write_frame(output, packet.pointer), "writing a packet", path: path,
                code: .writeFailed)
        }
    }
}

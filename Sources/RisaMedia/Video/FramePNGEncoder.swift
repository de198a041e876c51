internal import CAV

/// Encodes pixels as PNG with libavcodec's PNG encoder: the coder the ffmpeg command line uses for
/// `%05d.png`, about twice as fast as ImageMagick's on 1080p frames. The bytes are a function of the
/// pixels, the level and the libavcodec version only (bit-exact mode: no encoder tag, no time).
///
/// ```swift
/// let png = try FramePNGEncoder.encode(frame.image, compressionLevel: 6)
/// ```
public enum FramePNGEncoder {
    /// PNG bytes of `pixels` (8-bit grey, RGB or RGBA).
    /// - Parameter compressionLevel: zlib's level, 0 (store) to 9 (smallest).
    /// - Throws: `VideoError` `.writeFailed` when the encoder refuses the picture.
    public static func encode(_ pixels: PixelBuffer, compressionLevel: Int = 6) throws(VideoError) -> [UInt8] {
        let label = "PNG of a \(pixels.width)x\(pixels.height) picture"
        guard pixels.width > 0, pixels.height > 0 else {
            throw VideoError(.invalidOptions, path: label, reason: "the picture is empty")
        }
        try FFmpegLibraries.load(for: label)
        guard let codec = avcodec_find_encoder(AV_CODEC_ID_PNG) else {
            throw VideoError(.unsupportedCodec, path: label, reason: "this libavcodec has no PNG encoder")
        }
        guard let context = avcodec_alloc_context3(codec) else { fatalError("avcodec_alloc_context3: out of memory") }
        var owned: UnsafeMutablePointer<AVCodecContext>? = context
        defer { avcodec_free_context(&owned) }
        let format: AVPixelFormat =
            switch pixels.layout {
            case .gray: AV_PIX_FMT_GRAY8
            case .rgb: AV_PIX_FMT_RGB24
            case .rgba: AV_PIX_FMT_RGBA
            }
        context.pointee.width = Int32(pixels.width)
        context.pointee.height = Int32(pixels.height)
        context.pointee.pix_fmt = format
        context.pointee.time_base = AVRational(num: 1, den: 1)
        context.pointee.compression_level = Int32(max(0, min(9, compressionLevel)))
        context.pointee.flags |= risa_av_codec_flag_bitexact()
        context.pointee.thread_count = 1
        try VideoError.check(
            avcodec_open2(context, codec, nil), "opening the PNG encoder", path: label, code: .writeFailed)
        let frame = FrameHandle()
        let packet = PacketHandle()
        frame.pointer.pointee.width = Int32(pixels.width)
        frame.pointer.pointee.height = Int32(pixels.height)
        frame.pointer.pointee.format = format.rawValue
        // send_frame copies a frame that owns no buffers, so the pixels are only borrowed here.
        var bytes = pixels.bytes
        let sent: Int32 = bytes.withUnsafeMutableBufferPointer { buffer in
            frame.pointer.pointee.data.0 = buffer.baseAddress
            frame.pointer.pointee.linesize.0 = Int32(pixels.rowBytes)
            defer { frame.pointer.pointee.data.0 = nil }
            return avcodec_send_frame(context, frame.pointer)
        }
        try VideoError.check(sent, "encoding PNG", path: label, code: .writeFailed)
        try VideoError.check(
            avcodec_receive_packet(context, packet.pointer), "encoding PNG", path: label, code: .writeFailed)
        defer { av_packet_unref(packet.pointer) }
        guard let data = packet.pointer.pointee.data else {
            throw VideoError(.writeFailed, path: label, reason: "the encoder gave no bytes")
        }
        return Array(UnsafeBufferPointer(start: data, count: Int(packet.pointer.pointee.size)))
    }
}

internal import CAV

/// Turns decoded frames (any pixel format) into upright, square-pixel RGB `PixelBuffer`s with swscale.
///
/// Uses swscale's default flags as the ffmpeg command line does (bicubic), which keeps the fast unscaled
/// YUV-to-RGB path for square-pixel video. Owns one cached `SwsContext` (rebuilt only when the source format or size changes) and frees it in
/// `deinit`.
final class FrameConverter {
    private var scaler: OpaquePointer?
    private let target = FrameHandle()
    private let path: String
    private let orientation: VideoOrientation
    private let maximumPixels: Int

    init(path: String, orientation: VideoOrientation, maximumPixels: Int) {
        self.path = path
        self.orientation = orientation
        self.maximumPixels = maximumPixels
    }

    deinit { sws_freeContext(scaler) }

    /// The display size of a frame of `width` x `height` with sample aspect ratio `sar`.
    func displaySize(width: Int, height: Int, sar: VideoRational) -> (width: Int, height: Int) {
        let squareWidth = FrameGeometry.squarePixelWidth(width, sar)
        return orientation.swapsDimensions ? (height, squareWidth) : (squareWidth, height)
    }

    /// Checks a frame size against the pixel limit before any work is spent on it.
    func checkLimit(width: Int, height: Int) throws(VideoError) {
        guard width > 0, height > 0 else {
            throw VideoError(.corruptData, path: path, reason: "the video has an invalid size \(width)x\(height)")
        }
        if width * height > maximumPixels {
            throw VideoError(
                .frameTooLarge, path: path,
                reason: "frames of \(width)x\(height) (\(width * height) pixels) exceed the limit of "
                    + "\(maximumPixels) pixels; raise the maximum pixel count to read this video")
        }
    }

    /// Converts `frame` to RGB, scaling the width by the sample aspect ratio and applying the orientation.
    func convert(_ frame: UnsafeMutablePointer<AVFrame>, sar: VideoRational) throws(VideoError) -> PixelBuffer {
        let width = Int(frame.pointee.width)
        let height = Int(frame.pointee.height)
        let outWidth = FrameGeometry.squarePixelWidth(width, sar)
        try checkLimit(width: max(width, outWidth), height: height)
        let source = AVPixelFormat(rawValue: frame.pointee.format)
        scaler = sws_getCachedContext(
            scaler, Int32(width), Int32(height), source, Int32(outWidth), Int32(height),
            AV_PIX_FMT_RGB24, SWS_BICUBIC,
            nil, nil, nil)
        guard let scaler else {
            let name = av_get_pix_fmt_name(source).map { String(cString: $0) } ?? "\(frame.pointee.format)"
            throw VideoError(.unsupportedCodec, path: path, reason: "cannot convert pixel format \(name) to RGB")
        }
        let fullRange =
            frame.pointee.color_range == AVCOL_RANGE_JPEG
            || [AV_PIX_FMT_YUVJ420P, AV_PIX_FMT_YUVJ422P, AV_PIX_FMT_YUVJ444P].contains(source)
        _ = sws_setColorspaceDetails(
            scaler, sws_getCoefficients(Int32(frame.pointee.colorspace.rawValue)),
            fullRange ? 1 : 0, sws_getCoefficients(SWS_CS_DEFAULT), 1, 0, 1 << 16, 1 << 16)
        let output = target.pointer
        if output.pointee.width != Int32(outWidth) || output.pointee.height != Int32(height) {
            av_frame_unref(output)
            output.pointee.width = Int32(outWidth)
            output.pointee.height = Int32(height)
            output.pointee.format = AV_PIX_FMT_RGB24.rawValue
            try VideoError.check(av_frame_get_buffer(output, 32), "allocating an RGB frame", path: path)
        }
        try VideoError.check(av_frame_make_writable(output), "allocating an RGB frame", path: path)
        let scaled = withUnsafePointer(to: frame.pointee.data) { sourceData in
            withUnsafePointer(to: frame.pointee.linesize) { sourceLines in
                withUnsafeMutablePointer(to: &output.pointee.data) { targetData in
                    withUnsafeMutablePointer(to: &output.pointee.linesize) { targetLines in
                        sws_scale(
                            scaler,
                            UnsafeRawPointer(sourceData).assumingMemoryBound(to: UnsafePointer<UInt8>?.self),
                            UnsafeRawPointer(sourceLines).assumingMemoryBound(to: Int32.self), 0, Int32(height),
                            UnsafeMutableRawPointer(targetData).assumingMemoryBound(
                                to: UnsafeMutablePointer<UInt8>?.self),
                            UnsafeMutableRawPointer(targetLines).assumingMemoryBound(to: Int32.self))
                    }
                }
            }
        }
        try VideoError.check(scaled, "converting a frame to RGB", path: path)
        let rowBytes = outWidth * 3
        let stride = Int(output.pointee.linesize.0)
        guard let base = output.pointee.data.0 else {
            throw VideoError(.internalError, path: path, reason: "swscale produced no RGB plane")
        }
        let bytes = [UInt8](unsafeUninitializedCapacity: rowBytes * height) { buffer, count in
            for row in 0..<height {
                (buffer.baseAddress! + row * rowBytes).update(from: base + row * stride, count: rowBytes)
            }
            count = rowBytes * height
        }
        return orientation.apply(to: PixelBuffer(width: outWidth, height: height, layout: .rgb, bytes: bytes))
    }
}

internal import CAV

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// An opened container (`AVFormatContext` for reading): owns the handle and closes it in `deinit`.
final class MediaInput {
    let context: UnsafeMutablePointer<AVFormatContext>
    let path: String

    /// Opens `path`, probing the format by content (the extension is ignored), and reads stream info.
    init(path: String) throws(VideoError) {
        try FFmpegLibraries.load(for: path)
        _ = VideoLogging.installed
        self.path = path
        var status = stat()
        guard stat(path, &status) == 0 else {
            throw VideoError(.fileNotFound, path: path, reason: "no such file or it cannot be read")
        }
        if (status.st_mode & S_IFMT) == S_IFDIR {
            throw VideoError(.fileNotFound, path: path, reason: "is a directory, not a video file")
        }
        if status.st_size == 0 {
            throw VideoError(.emptyFile, path: path, reason: "the file is empty (0 bytes)")
        }
        var opened: UnsafeMutablePointer<AVFormatContext>?
        let result = avformat_open_input(&opened, path, nil, nil)
        guard result >= 0, let opened else {
            if result == risa_averror(ENOENT) || result == risa_averror(EACCES) {
                throw VideoError(
                    .fileNotFound, path: path, reason: "cannot be opened: \(VideoError.text(of: result))",
                    underlyingCode: result)
            }
            throw VideoError(
                .notAVideo, path: path,
                reason: "not a media file libavformat can read, or its header is damaged or cut short "
                    + "(\(VideoError.text(of: result)))", underlyingCode: result)
        }
        context = opened
        let info = avformat_find_stream_info(opened, nil)
        if info < 0 {
            throw VideoError(
                .corruptData, path: path,
                reason: "cannot read the stream information: \(VideoError.text(of: info))",
                underlyingCode: info)
        }
    }

    deinit {
        var pointer: UnsafeMutablePointer<AVFormatContext>? = context
        avformat_close_input(&pointer)
    }

    /// All streams of the container.
    var streams: [UnsafeMutablePointer<AVStream>] {
        (0..<Int(context.pointee.nb_streams)).compactMap { context.pointee.streams[$0] }
    }

    /// The index of the main video stream (attached pictures such as cover art are not videos).
    func videoStreamIndex() throws(VideoError) -> Int32 {
        let best = av_find_best_stream(context, AVMEDIA_TYPE_VIDEO, -1, -1, nil, 0)
        if best >= 0, (streams[Int(best)].pointee.disposition & AV_DISPOSITION_ATTACHED_PIC) == 0 { return best }
        if let index = streams.firstIndex(where: {
            $0.pointee.codecpar.pointee.codec_type == AVMEDIA_TYPE_VIDEO
                && ($0.pointee.disposition & AV_DISPOSITION_ATTACHED_PIC) == 0
        }) {
            return Int32(index)
        }
        throw VideoError(.noVideoStream, path: path, reason: "contains no video stream")
    }
}

/// An owned `AVFrame`.
final class FrameHandle {
    let pointer: UnsafeMutablePointer<AVFrame>

    init() {
        guard let frame = av_frame_alloc() else { fatalError("av_frame_alloc: out of memory") }
        pointer = frame
    }

    deinit {
        var frame: UnsafeMutablePointer<AVFrame>? = pointer
        av_frame_free(&frame)
    }
}

/// An owned `AVPacket`.
final class PacketHandle {
    let pointer: UnsafeMutablePointer<AVPacket>

    init() {
        guard let packet = av_packet_alloc() else { fatalError("av_packet_alloc: out of memory") }
        pointer = packet
    }

    deinit {
        var packet: UnsafeMutablePointer<AVPacket>? = pointer
        av_packet_free(&packet)
    }
}

internal import CAV

/// A libavfilter graph `buffer -> DESCRIPTION -> buffersink` (for example `fps=1` or
/// `select='gt(scene,0.3)'`), so frame selection follows ffmpeg's own filters exactly.
///
/// Owns the `AVFilterGraph` and frees it (with its filters) in `deinit`.
final class FilterGraph {
    private var graph: UnsafeMutablePointer<AVFilterGraph>?
    private var source: UnsafeMutablePointer<AVFilterContext>?
    private var sink: UnsafeMutablePointer<AVFilterContext>?
    private let path: String

    /// Builds the graph for frames shaped like `frame` whose timestamps are in `timeBase`.
    init(
        description: String, like frame: UnsafeMutablePointer<AVFrame>, timeBase: AVRational, path: String
    )
        throws(VideoError)
    {
        self.path = path
        guard let graph = avfilter_graph_alloc() else { fatalError("avfilter_graph_alloc: out of memory") }
        self.graph = graph
        let sar = frame.pointee.sample_aspect_ratio
        let arguments =
            "video_size=\(frame.pointee.width)x\(frame.pointee.height):pix_fmt=\(frame.pointee.format)"
            + ":time_base=\(timeBase.num)/\(timeBase.den):pixel_aspect=\(max(sar.num, 0))/\(max(sar.den, 1))"
        try VideoError.check(
            avfilter_graph_create_filter(&source, avfilter_get_by_name("buffer"), "in", arguments, nil, graph),
            "creating the filter graph input", path: path)
        try VideoError.check(
            avfilter_graph_create_filter(&sink, avfilter_get_by_name("buffersink"), "out", nil, nil, graph),
            "creating the filter graph output", path: path)
        guard let outputs = avfilter_inout_alloc(), let inputs = avfilter_inout_alloc() else {
            fatalError("avfilter_inout_alloc: out of memory")
        }
        outputs.pointee.name = av_strdup("in")
        outputs.pointee.filter_ctx = source
        outputs.pointee.pad_idx = 0
        outputs.pointee.next = nil
        inputs.pointee.name = av_strdup("out")
        inputs.pointee.filter_ctx = sink
        inputs.pointee.pad_idx = 0
        inputs.pointee.next = nil
        var openInputs: UnsafeMutablePointer<AVFilterInOut>? = inputs
        var openOutputs: UnsafeMutablePointer<AVFilterInOut>? = outputs
        let parsed = avfilter_graph_parse_ptr(graph, description, &openInputs, &openOutputs, nil)
        // The parser hands back, through the same variables, the ends it did not link; they are ours to free.
        avfilter_inout_free(&openInputs)
        avfilter_inout_free(&openOutputs)
        try VideoError.check(parsed, "setting up the filter `\(description)`", path: path, code: .invalidOptions)
        try VideoError.check(
            avfilter_graph_config(graph, nil), "configuring the filter `\(description)`",
            path: path, code: .invalidOptions)
    }

    deinit { avfilter_graph_free(&graph) }

    /// Signals the end of input at `timestamp` (the end of the last frame), so filters such as `fps`
    /// emit their remaining frames as the ffmpeg command line does.
    func close(at timestamp: Int64) throws(VideoError) {
        try VideoError.check(av_buffersrc_close(source, timestamp, 0), "finishing the filter graph", path: path)
    }

    /// Feeds a frame (a new reference is taken; `frame` stays the caller's).
    func push(_ frame: UnsafeMutablePointer<AVFrame>) throws(VideoError) {
        let result = av_buffersrc_add_frame_flags(source, frame, Int32(risa_av_buffersrc_flag_keep_ref()))
        try VideoError.check(result, "filtering a frame", path: path)
    }

    /// Takes the next filtered frame into `frame`; false when the graph needs more input or has ended.
    func pull(into frame: UnsafeMutablePointer<AVFrame>) throws(VideoError) -> Bool {
        av_frame_unref(frame)
        let result = av_buffersink_get_frame(sink, frame)
        if result == risa_averror_eagain() || result == risa_averror_eof() { return false }
        try VideoError.check(result, "filtering a frame", path: path)
        return true
    }
}

internal import CAV

/// Decodes every frame from `start` and delivers all of them, the key frames only, or what a
/// libavfilter graph (`fps=N`, `select='gt(scene,T)'`) lets through.
final class DenseSelector: FrameSelector {
    private let factory: FrameFactory
    private let source: FrameSource
    private let filterDescription: String?
    private let startTicks: Int64
    private let endTicks: Int64?
    /// Whether decoding began at the stream's start, so decode counts are display-order indices.
    private let exactIndices: Bool
    private var graph: FilterGraph?
    private let filtered = FrameHandle()
    private var sourceEnded = false
    private var graphClosed = false
    /// Index and key-frame flag of the frames inside the filter graph, by timestamp.
    private var pending: [Int64: (index: Int, isKeyFrame: Bool)] = [:]
    /// End of the last frame fed to the graph, relative to the stream start, in stream ticks.
    private var feedEnd: Int64 = 0

    init(factory: FrameFactory, options: FrameExtractionOptions, filter: String?) throws(VideoError) {
        let source = factory.source
        self.factory = factory
        self.source = source
        filterDescription = filter
        let startTicks = source.ticks(options.start)
        self.startTicks = startTicks
        endTicks = options.end.map { source.ticks($0) }
        // With key frames only, decode counts are not positions, so indices are estimated from time.
        let seekedAway = options.start > 0 && source.seek(toKeyframeBefore: startTicks)
        exactIndices = options.selection != .keyframes && !seekedAway
    }

    func next() throws(VideoError) -> VideoFrame? {
        while true {
            if let graph, try graph.pull(into: filtered.pointer) { return try deliverFiltered() }
            if graphClosed { return nil }
            if sourceEnded {
                guard let graph else { return nil }
                try graph.close(at: feedEnd)
                graphClosed = true
                continue
            }
            guard try source.next() else {
                sourceEnded = true
                continue
            }
            let frame = source.frame.pointer
            let timestamp = factory.timestamp(of: frame)
            if timestamp < startTicks { continue }
            if let endTicks, timestamp >= endTicks {
                sourceEnded = true
                continue
            }
            let index = factory.index(timestamp: timestamp, exactIndex: exactIndices ? source.decodedCount - 1 : nil)
            let isKeyFrame = frame.pointee.key_frame != 0
            guard let filterDescription else {
                return try factory.make(
                    frame, timestamp: timestamp, index: index, isKeyFrame: isKeyFrame,
                    sceneScore: nil)
            }
            if graph == nil {
                graph = try FilterGraph(
                    description: filterDescription, like: frame,
                    timeBase: source.stream.pointee.time_base, path: source.path)
            }
            pending[timestamp] = (index, isKeyFrame)
            frame.pointee.best_effort_timestamp = timestamp
            frame.pointee.pts = timestamp - source.origin
            let duration = frame.pointee.pkt_duration > 0 ? frame.pointee.pkt_duration : defaultDuration
            feedEnd = timestamp - source.origin + duration
            try graph?.push(frame)
        }
    }

    /// One frame duration in stream ticks, from the average frame rate (used when a frame has none).
    private var defaultDuration: Int64 {
        let rate = factory.probe.averageFrameRate.value ?? factory.probe.realFrameRate.value ?? 25
        return max(1, Int64((1 / rate / source.secondsPerTick).rounded()))
    }

    private func deliverFiltered() throws(VideoError) -> VideoFrame {
        let frame = filtered.pointer
        let timestamp = frame.pointee.best_effort_timestamp
        let known = pending[timestamp]
        pending = pending.filter { $0.key >= timestamp }
        var score: Double?
        if let entry = av_dict_get(frame.pointee.metadata, "lavfi.scene_score", nil, 0), let value = entry.pointee.value
        {
            score = Double(String(cString: value))
        }
        return try factory.make(
            frame, timestamp: timestamp,
            index: known?.index ?? factory.index(timestamp: timestamp, exactIndex: nil),
            isKeyFrame: known?.isKeyFrame ?? (frame.pointee.key_frame != 0), sceneScore: score)
    }
}

internal import CAV

/// Delivers the frame on screen at each target time, seeking to the key frame before a target
/// instead of decoding everything in between when that is cheaper.
///
/// A seek happens when the container's index shows a key frame between the current position and the
/// target, or (without an index) when the target is more than `unindexedSeekDistance` ahead. When a
/// seek lands after the target (imprecise seeking in MPEG-TS/PS), it retries further back.
final class SeekingSelector: FrameSelector {
    /// Where the target times come from.
    enum Targets {
        /// `start`, `start + step`, ... until the end.
        case every(start: Double, step: Double)
        /// These times, ascending.
        case list([Double])
    }

    private static let unindexedSeekDistance = 2.0
    private static let maximumBackoffs = 6

    private let factory: FrameFactory
    private let source: FrameSource
    private let targets: Targets
    private let endTicks: Int64?
    private var targetNumber = 0
    /// A decoded frame kept across calls, with its timestamp and exact index when known.
    private struct Held {
        let handle: FrameHandle
        let timestamp: Int64
        let index: Int?
    }

    /// The latest decoded frame at or before the current target.
    private var onScreen: Held?
    /// A decoded frame after the current target, kept for the next target.
    private var ahead: Held?
    private var finished = false
    /// Whether the decoder has not seeked away from the stream start, so decode counts are indices.
    private var exactIndices = true

    init(factory: FrameFactory, targets: Targets, end: Double?) {
        self.factory = factory
        source = factory.source
        self.targets = targets
        endTicks = end.map { factory.source.ticks($0) }
    }

    func next() throws(VideoError) -> VideoFrame? {
        guard !finished, let target = nextTarget() else { return nil }
        let targetTicks = source.ticks(target)
        if let endTicks, targetTicks >= endTicks {
            finished = true
            return nil
        }
        if shouldSeek(to: targetTicks) { seek(to: targetTicks, backoff: 0) }
        // Frames more than a second before the target are only needed as references; after a seek the
        // indices are estimated anyway, so the others need not be decoded.
        source.skipNonReferenceBefore = exactIndices ? nil : source.ticks(max(0, target - 1))
        var backoffs = 0
        while true {
            if let ahead, ahead.timestamp <= targetTicks {
                onScreen = ahead
                self.ahead = nil
            }
            if ahead != nil { break }
            guard try source.next() else {
                ahead = nil
                finished = true
                return try deliverAtEnd(targetTicks: targetTicks)
            }
            let copy = FrameHandle()
            try VideoError.check(av_frame_ref(copy.pointer, source.frame.pointer), "keeping a frame", path: source.path)
            let timestamp = factory.timestamp(of: copy.pointer)
            ahead = Held(handle: copy, timestamp: timestamp, index: exactIndices ? source.decodedCount - 1 : nil)
            if onScreen == nil, timestamp > targetTicks, backoffs < Self.maximumBackoffs,
                !exactIndices, source.seconds(targetTicks) > 0
            {
                backoffs += 1
                seek(to: targetTicks, backoff: backoffs)
            }
        }
        targetNumber += 1
        guard let held = onScreen ?? ahead else { return nil }
        return try deliver(held)
    }

    private func deliver(_ held: Held) throws(VideoError) -> VideoFrame {
        let frame = held.handle.pointer
        return try factory.make(
            frame, timestamp: held.timestamp,
            index: factory.index(timestamp: held.timestamp, exactIndex: held.index),
            isKeyFrame: frame.pointee.key_frame != 0, sceneScore: nil)
    }

    private func nextTarget() -> Double? {
        switch targets {
        case .every(let start, let step): return start + Double(targetNumber) * step
        case .list(let times): return targetNumber < times.count ? times[targetNumber] : nil
        }
    }

    /// The last frame still shows at the target if the target is within its duration.
    private func deliverAtEnd(targetTicks: Int64) throws(VideoError) -> VideoFrame? {
        guard let onScreen else { return nil }
        let frame = onScreen.handle.pointer
        let rate = factory.probe.averageFrameRate.value ?? factory.probe.realFrameRate.value ?? 25
        let duration =
            frame.pointee.pkt_duration > 0
            ? frame.pointee.pkt_duration : Int64((1 / rate / source.secondsPerTick).rounded())
        guard targetTicks < onScreen.timestamp + max(duration, 1) else { return nil }
        targetNumber += 1
        return try deliver(onScreen)
    }

    /// Whether jumping is cheaper than decoding forward to `target`.
    private func shouldSeek(to target: Int64) -> Bool {
        let position = ahead?.timestamp ?? onScreen?.timestamp
        guard let position else { return source.seconds(target) > Self.unindexedSeekDistance }
        guard target > position else { return false }
        if let keyframe = source.indexedKeyframe(atOrBefore: target) { return keyframe > position }
        return source.seconds(target) - source.seconds(position) > Self.unindexedSeekDistance
    }

    /// Seeks to the key frame before `target`, `backoff` doublings of a second further back.
    private func seek(to target: Int64, backoff: Int) {
        let back = backoff == 0 ? 0 : Double(1 << (backoff - 1))
        let destination = max(source.origin, source.ticks(max(0, source.seconds(target) - back)))
        guard source.seek(toKeyframeBefore: destination) else { return }
        onScreen = nil
        ahead = nil
        exactIndices = destination <= source.origin
    }
}

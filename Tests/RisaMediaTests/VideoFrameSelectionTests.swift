import Foundation
import Testing

@testable import RisaMedia

/// Which frames each selection mode picks, checked by the index each synthetic frame carries.
@Suite struct VideoFrameSelectionTests {
    /// The frames `ffmpeg -vf fps=N` outputs for a constant-rate input (libavfilter's fps filter,
    /// round=near, grid from the first frame): for each output tick, the last input frame whose
    /// timestamp rounded to the output time base is at or before the tick; the input's end
    /// (`frames / rate`) rounded the same way closes the grid.
    static func fpsFilterPicks(frames: Int, inputRate: Double, outputRate: Double) -> [Int] {
        let rounded = (0..<frames).map { (Double($0) / inputRate * outputRate).rounded(.toNearestOrAwayFromZero) }
        let endTick = (Double(frames) / inputRate * outputRate).rounded(.toNearestOrAwayFromZero)
        var picks: [Int] = []
        var tick = rounded[0]
        while tick < endTick {
            picks.append(rounded.lastIndex { $0 <= tick } ?? 0)
            tick += 1
        }
        return picks
    }

    @Test func fpsPicksTheFramesOfFfmpegsFpsFilter() throws {
        let fixtures = try VideoFixtures()
        defer { fixtures.remove() }
        let path = try fixtures.video(.mp4H264, frames: 100)
        let frames = try fixtures.frames(path, .fps(1))
        #expect(
            frames.map { SyntheticVideo.index(in: $0.image) }
                == Self.fpsFilterPicks(frames: 100, inputRate: 25, outputRate: 1))
        #expect(frames.map(\.index) == frames.map { SyntheticVideo.index(in: $0.image) })
        #expect(frames.allSatisfy { abs($0.time - Double($0.index) / 25) < 0.001 })
        let faster = try fixtures.frames(path, .fps(3))
        #expect(
            faster.map { SyntheticVideo.index(in: $0.image) }
                == Self.fpsFilterPicks(frames: 100, inputRate: 25, outputRate: 3))
    }

    @Test func everyGivesTheFrameOnScreenAtEachInterval() throws {
        let fixtures = try VideoFixtures()
        defer { fixtures.remove() }
        let path = try fixtures.video(.mp4H264, frames: 150, keyframeInterval: 25)
        let frames = try fixtures.frames(path, .every(seconds: 1.5))
        #expect(frames.map { SyntheticVideo.index(in: $0.image) } == [0, 37, 75, 112])
        #expect(frames.map(\.time) == [0, 1.48, 3.0, 4.48])
        let all = try fixtures.frames(path, .all)
        let byIndex = Dictionary(uniqueKeysWithValues: all.map { ($0.index, $0) })
        for frame in frames {
            let pictured = SyntheticVideo.index(in: frame.image)
            #expect(frame.timestamp == byIndex[pictured]?.timestamp, "container pts of frame \(pictured)")
            #expect(frame.index == pictured)
        }
    }

    @Test func atGivesTheFramesAtTheListedTimesInOrder() throws {
        let fixtures = try VideoFixtures()
        defer { fixtures.remove() }
        let path = try fixtures.video(.mkvH264, frames: 100, keyframeInterval: 10)
        let frames = try fixtures.frames(path, .at([3.0, 0.5, 1.99, 2.0, 9.0]))
        #expect(frames.map { SyntheticVideo.index(in: $0.image) } == [12, 49, 50, 75])
    }

    @Test func keyframesReturnsOnlyTheKeyFramesOfTheGOP() throws {
        let fixtures = try VideoFixtures()
        defer { fixtures.remove() }
        let path = try fixtures.video(.mp4H264, frames: 60, keyframeInterval: 12)
        let frames = try fixtures.frames(path, .keyframes)
        #expect(frames.map { SyntheticVideo.index(in: $0.image) } == [0, 12, 24, 36, 48])
        #expect(frames.allSatisfy { $0.isKeyFrame })
        #expect(frames.map(\.index) == [0, 12, 24, 36, 48])
    }

    @Test func scenesFindsThePlantedCutsAndNothingElse() throws {
        let fixtures = try VideoFixtures()
        defer { fixtures.remove() }
        let path = try fixtures.video(.webmVP9, frames: 100, sceneCuts: [20, 55, 80])
        let frames = try fixtures.frames(path, .scenes(threshold: 0.3))
        #expect(frames.map { SyntheticVideo.index(in: $0.image) } == [20, 55, 80])
        #expect(frames.allSatisfy { ($0.sceneScore ?? 0) > 0.3 })
    }

    @Test func startEndAndMaxFramesBoundTheSelection() throws {
        let fixtures = try VideoFixtures()
        defer { fixtures.remove() }
        let path = try fixtures.video(.mp4H264, frames: 100, keyframeInterval: 10)
        let window = try fixtures.frames(path, .all, start: 1.0, end: 2.0)
        #expect(window.map { SyntheticVideo.index(in: $0.image) } == Array(25..<50))
        #expect(window.map(\.index) == Array(25..<50))
        let limited = try fixtures.frames(path, .every(seconds: 0.5), start: 1.0, maxFrames: 3)
        #expect(limited.map { SyntheticVideo.index(in: $0.image) } == [25, 37, 50])
        let bounded = try fixtures.frames(path, .every(seconds: 1), end: 2.5)
        #expect(bounded.map { SyntheticVideo.index(in: $0.image) } == [0, 25, 50])
        let keyframes = try fixtures.frames(path, .keyframes, start: 1.0, end: 3.0)
        #expect(keyframes.map { SyntheticVideo.index(in: $0.image) } == [30, 40, 50, 60, 70])
    }

    @Test func seekingGivesTheSamePixelsAsDecodingEverything() throws {
        let fixtures = try VideoFixtures()
        defer { fixtures.remove() }
        let path = try fixtures.video(.mp4H264, frames: 125, keyframeInterval: 30)
        let all = try fixtures.frames(path, .all)
        let sought = try fixtures.frames(path, .at([0.2, 1.6, 2.5, 4.96]))
        #expect(sought.map(\.index) == [5, 40, 62, 124])
        for frame in sought {
            #expect(frame.image == all[frame.index].image, "frame \(frame.index)")
            #expect(frame.timestamp == all[frame.index].timestamp)
        }
    }
}

import Foundation
import Testing

@testable import RisaMedia

/// Frames come out as the viewer sees them: rotated, square pixels, timed from the stream start.
@Suite struct VideoDisplayTests {
    @Test(arguments: [(90, SyntheticVideo.Corner.topRight), (180, .bottomRight), (270, .bottomLeft)])
    func rotationTurnsTheFrames(rotation: Int, corner: SyntheticVideo.Corner) throws {
        let fixtures = try VideoFixtures()
        defer { fixtures.remove() }
        let path = try fixtures.video(.movH264, frames: 10, rotation: rotation)
        let probe = try VideoProbe(path: path)
        #expect(probe.rotation == rotation)
        let swapped = rotation % 180 == 90
        #expect(probe.displayWidth == (swapped ? 120 : 160) && probe.displayHeight == (swapped ? 160 : 120))
        let frame = try #require(try fixtures.frames(path, .all, maxFrames: 1).first)
        #expect(frame.displayWidth == probe.displayWidth && frame.displayHeight == probe.displayHeight)
        #expect(SyntheticVideo.markerCorner(in: frame.image) == corner)
    }

    @Test func sampleAspectRatioTwoToOneDoublesTheWidth() throws {
        let fixtures = try VideoFixtures()
        defer { fixtures.remove() }
        let path = try fixtures.video(.mp4H264, frames: 5, sampleAspectRatio: VideoRational(2, 1))
        let probe = try VideoProbe(path: path)
        #expect(probe.sampleAspectRatio == VideoRational(2, 1))
        #expect(probe.codedWidth == 160 && probe.displayWidth == 320 && probe.displayHeight == 120)
        let frame = try #require(try fixtures.frames(path, .all, maxFrames: 1).first)
        #expect(frame.image.width == 320 && frame.image.height == 120)
        #expect(SyntheticVideo.markerCorner(in: frame.image) == .topLeft)
        #expect(SyntheticVideo.index(in: frame.image) == 0)
    }

    @Test func transportStreamTimesCountFromTheStreamStart() throws {
        let fixtures = try VideoFixtures()
        defer { fixtures.remove() }
        let path = try fixtures.video(.mpegtsMPEG2, frames: 50)
        let probe = try VideoProbe(path: path)
        #expect(probe.startTime > 0.5, "MPEG-TS starts after the mux delay, got \(probe.startTime)")
        let frames = try fixtures.frames(path, .every(seconds: 0.5))
        #expect(frames.map { SyntheticVideo.index(in: $0.image) } == [0, 12, 25, 37])
        #expect(zip(frames.map(\.time), [0, 0.48, 1.0, 1.48]).allSatisfy { abs($0 - $1) < 1e-9 })
        #expect(frames.allSatisfy { Double($0.timestamp) / 90000 - probe.startTime - $0.time < 1e-9 })
    }

    @Test func variableFrameRateKeepsEachFramesOwnTime() throws {
        let fixtures = try VideoFixtures()
        defer { fixtures.remove() }
        let path = fixtures.path("vfr.mkv")
        let writer = try VideoWriter(
            path: path,
            configuration: .init(
                format: .mkvH264, width: 160, height: 120, frameRate: 25,
                variableFrameRate: true))
        let times = [0.0, 0.04, 0.1, 0.5, 0.52, 1.3, 1.31, 2.0]
        for (index, time) in times.enumerated() {
            try writer.append(SyntheticVideo.frame(index: index, width: 160, height: 120), time: time)
        }
        try writer.finish()
        let all = try fixtures.frames(path, .all)
        #expect(all.map(\.time) == times)
        let sampled = try fixtures.frames(path, .at([0.3, 1.0, 1.305]))
        #expect(sampled.map { SyntheticVideo.index(in: $0.image) } == [2, 4, 5])
    }

    @Test func silentAudioTrackIsReported() throws {
        let fixtures = try VideoFixtures()
        defer { fixtures.remove() }
        let path = try fixtures.video(.mkvH264, frames: 10, silentAudio: true)
        let probe = try VideoProbe(path: path)
        #expect(probe.hasAudio)
        #expect(try fixtures.frames(path, .all).count == 10)
    }
}

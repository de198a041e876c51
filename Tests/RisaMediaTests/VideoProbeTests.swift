import Foundation
import Testing

@testable import RisaMedia

@Suite struct VideoProbeTests {
    @Test(arguments: VideoFormat.allCases)
    func probesEveryWrittenFormat(format: VideoFormat) throws {
        let fixtures = try VideoFixtures()
        defer { fixtures.remove() }
        let path = try fixtures.video(format)
        let probe = try VideoProbe(path: path)
        let expected: [VideoFormat: (String, String)] = [
            .mp4H264: ("mov,mp4,m4a,3gp,3g2,mj2", "h264"), .mkvH264: ("matroska,webm", "h264"),
            .movH264: ("mov,mp4,m4a,3gp,3g2,mj2", "h264"), .webmVP8: ("matroska,webm", "vp8"),
            .webmVP9: ("matroska,webm", "vp9"), .gif: ("gif", "gif"), .asfWMV2: ("asf", "wmv2"),
            .vobMPEG2: ("mpeg", "mpeg2video"), .mpegtsMPEG2: ("mpegts", "mpeg2video"),
        ]
        #expect(probe.formatName == expected[format]?.0)
        #expect(probe.codecName == expected[format]?.1)
        #expect(probe.codedWidth == 160 && probe.codedHeight == 120)
        #expect(probe.displayWidth == 160 && probe.displayHeight == 120)
        #expect(probe.rotation == 0)
        #expect(probe.hasAudio == false)
        let duration = try #require(probe.duration)
        #expect(abs(duration - 2.0) < 0.15, "duration \(duration)")
        let frames = try fixtures.frames(path, .all)
        #expect(frames.count == 50)
        #expect(frames.map { SyntheticVideo.index(in: $0.image) } == Array(0..<50))
        #expect(frames.map(\.index) == Array(0..<50))
        for (number, frame) in frames.enumerated() {
            #expect(abs(frame.time - Double(number) / 25) < 0.011, "\(format) frame \(number) at \(frame.time)")
        }
    }
}

import Foundation
import RisaCore
import RisaSteps
import Testing

@testable import RisaMedia

@Suite struct VideoFramesStepTests {
    let step = VideoFramesStep()

    @Test(arguments: VideoFormat.allCases)
    func everyContainerGivesFramesWithProvenance(_ format: VideoFormat) async throws {
        let fixture = try StepFixture()
        defer { fixture.remove() }
        let url = try fixture.video(format, name: "clips/talk.\(format.fileExtension)", frames: 50, frameRate: 25)
        let video = try fixture.item(
            url, name: "clips/talk.\(format.fileExtension)",
            metadata: [
                "source": .map(["path": .string("media/talk"), "digest": .string("sha256:x")]), "duration": .number(2),
                "fps": .number(25),
            ])
        let (outcome, folder) = try await fixture.process(step, video, ["every": .number(0.4)])
        // Times 0, 0.4, ..., 1.6 (five frames in a 2 s video).
        #expect(outcome.items.count == 5, "\(format)")
        let expected = try FrameExtractor(path: url.path, options: .init(selection: .every(seconds: 0.4)))
        var reference: [VideoFrame] = []
        try expected.forEach { reference.append($0) }
        for (item, frame) in zip(outcome.items, reference) {
            let index = String(frame.index)
            #expect(item.name == "clips/talk/" + String(repeating: "0", count: 6 - index.count) + index + ".png")
            let provenance = try #require(item.metadata["frame"]?.mapValue)
            #expect(provenance["video"] == .string(video.digest.description))
            #expect(provenance["pts"]?.doubleValue == (frame.time * 1_000_000).rounded() / 1_000_000)
            #expect(provenance["index"] == .int(frame.index))
            #expect(item.metadata["box"] == .list([.int(0), .int(0), .int(160), .int(120)]))
            #expect(item.metadata["source"]?.mapValue?["path"] == .string("media/talk"))
            #expect(item.metadata["duration"] == nil && item.metadata["fps"] == nil)
            // The picture is the frame the timestamp says: its index band matches.
            let picture = try MagickImage(file: StepFixture.file(item, in: folder).path).pixelBuffer(.rgb)
            #expect(SyntheticVideo.index(in: picture) == frame.index)
            #expect(abs(frame.time - Double(frame.index) / 25) < 0.021)
        }
    }

    @Test func fpsAndScenesAndKeyframesCountFrames() async throws {
        let fixture = try StepFixture()
        defer { fixture.remove() }
        let url = try fixture.video(.mp4H264, frames: 75, frameRate: 25, keyframeInterval: 25, sceneCuts: [30, 55])
        let video = try fixture.item(url)
        let perSecond = try await fixture.process(step, video, ["fps": .int(1)])
        #expect(perSecond.outcome.items.count == 3)
        let scenes = try await fixture.process(step, video, ["scenes": .number(0.3)])
        #expect(scenes.outcome.items.compactMap { $0.metadata["frame"]?.mapValue?["index"]?.intValue } == [30, 55])
        let keys = try await fixture.process(step, video, ["keyframes": .bool(true), "format": .string("jpg")])
        #expect(keys.outcome.items.map(\.name) == ["video/000000.jpg", "video/000025.jpg", "video/000050.jpg"])
        #expect(
            keys.outcome.items.allSatisfy {
                $0.metadata["frame"]?.mapValue?["key"] == .bool(true) && $0.metadata["format"] == .string("jpeg")
            })
        let some = try await fixture.process(
            step, video, ["at": .list([.number(2), .string("1s")]), "max_frames": .int(1)])
        #expect(some.outcome.items.compactMap { $0.metadata["frame"]?.mapValue?["pts"]?.doubleValue } == [1.0])
        let both = try await fixture.process(step, video, ["every": .string("1s"), "scenes": .number(0.3)])
        #expect(
            both.outcome.items.compactMap { $0.metadata["frame"]?.mapValue?["index"]?.intValue } == [0, 25, 30, 50, 55])
        let window = try await fixture.process(
            step, video, ["every": .string("500ms"), "start": .number(1), "end": .number(2)])
        #expect(
            window.outcome.items.compactMap { $0.metadata["frame"]?.mapValue?["pts"]?.doubleValue } == [1.0, 1.48],
            "at 1.5 s frame 37 (1.48 s) is on screen")
    }

    @Test func framesAreTheSameBytesEveryRun() async throws {
        let fixture = try StepFixture()
        defer { fixture.remove() }
        let video = try fixture.item(try fixture.video(.webmVP9, frames: 20))
        var runs: [[Digest]] = []
        for _ in 0..<2 {
            let (outcome, folder) = try await fixture.process(step, video, ["fps": .int(5)])
            runs.append(try outcome.items.map { Digest(of: try Data(contentsOf: StepFixture.file($0, in: folder))) })
        }
        #expect(runs[0] == runs[1] && runs[0].count == 4)
    }

    @Test func exactlyOneModeIsRequired() async throws {
        let fixture = try StepFixture()
        defer { fixture.remove() }
        let video = try fixture.item(try fixture.video(.mp4H264, frames: 5))
        let none = await StepFixture.message { _ = try await fixture.process(step, video, ["keyframes": .bool(false)]) }
        #expect(
            none?.contains(
                "steps.s.with: give exactly one of every, fps, at or keyframes: true, and/or scenes (none was given)")
                == true)
        let two = await StepFixture.message {
            _ = try await fixture.process(step, video, ["fps": .int(1), "every": .string("2s")])
        }
        #expect(two?.contains("(got every and fps)") == true, "\(two ?? "")")
        let bad = await StepFixture.message { _ = try await fixture.process(step, video, ["every": .string("soon")]) }
        #expect(bad?.contains("steps.s.with.every: expected a duration") == true)
    }

    @Test func badVideosAreErrorsNamingTheItem() async throws {
        let fixture = try StepFixture()
        defer { fixture.remove() }
        let good = try Data(contentsOf: try fixture.video(.mpegtsMPEG2, frames: 10))
        var damaged = Array(good.prefix(600))
        damaged += [UInt8](repeating: 0x47, count: 400)
        let cases: [(String, [UInt8], String)] = [
            ("empty.mp4", [], "[emptyFile]"),
            ("text.mp4", Array(String(repeating: "not a video at all\n", count: 40).utf8), "[notAVideo]"),
            ("cut.ts", damaged, "[corruptData]"),
        ]
        for (name, bytes, code) in cases {
            let item = try fixture.item(try fixture.write(name, bytes), name: "videos/\(name)")
            let message = await StepFixture.message {
                _ = try await fixture.process(step, item, ["every": .string("1s")])
            }
            #expect(message?.hasPrefix("videos/\(name): ") == true, "\(message ?? "")")
            #expect(message?.contains(code) == true, "\(message ?? "")")
        }
    }
}

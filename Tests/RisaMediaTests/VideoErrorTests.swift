import Foundation
import Synchronization
import Testing

@testable import RisaMedia

/// Bad input gives a `VideoError` with a code to branch on and a message naming the file.
@Suite struct VideoErrorTests {
    func error(_ body: () throws -> Void) -> VideoError? {
        do {
            try body()
            return nil
        } catch let error as VideoError {
            return error
        } catch {
            return nil
        }
    }

    /// A valid 16-bit mono WAV file: audio only.
    func wav(_ path: String) throws {
        var bytes: [UInt8] = Array("RIFF".utf8) + le32(36 + 1600) + Array("WAVEfmt ".utf8) + le32(16)
        bytes += [1, 0, 1, 0] + le32(8000) + le32(16000) + [2, 0, 16, 0] + Array("data".utf8) + le32(1600)
        bytes += [UInt8](repeating: 0, count: 1600)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
    }

    func le32(_ value: UInt32) -> [UInt8] { (0..<4).map { UInt8((value >> (8 * $0)) & 0xFF) } }

    @Test func missingEmptyAndNonVideoFilesAreRefused() throws {
        let fixtures = try VideoFixtures()
        defer { fixtures.remove() }
        let missing = fixtures.path("missing.mp4")
        #expect(error { _ = try VideoProbe(path: missing) }?.code == .fileNotFound)
        let empty = fixtures.path("empty.mp4")
        try Data().write(to: URL(fileURLWithPath: empty))
        let emptyError = error { _ = try FrameExtractor(path: empty, options: .init(selection: .all)) }
        #expect(emptyError?.code == .emptyFile)
        #expect(emptyError?.message.contains(empty) == true)
        let text = fixtures.path("notes.mp4")
        try Data("just some words, not a video at all\n".utf8).write(to: URL(fileURLWithPath: text))
        #expect(error { _ = try VideoProbe(path: text) }?.code == .notAVideo)
        let audio = fixtures.path("sound.wav")
        try wav(audio)
        let audioError = error { _ = try VideoProbe(path: audio) }
        #expect(audioError?.code == .noVideoStream)
        #expect(audioError?.message == "\(audio): contains no video stream")
    }

    @Test func contentDecidesTheFormatNotTheExtension() throws {
        let fixtures = try VideoFixtures()
        defer { fixtures.remove() }
        let path = try fixtures.video(.mkvH264, name: "lies.mp4", frames: 10)
        #expect(try VideoProbe(path: path).formatName == "matroska,webm")
        #expect(try fixtures.frames(path, .all).count == 10)
    }

    @Test func truncatedFilesFailClearlyOrGiveTheFramesThatArePresent() throws {
        let fixtures = try VideoFixtures()
        defer { fixtures.remove() }
        let mp4 = try fixtures.video(.mp4H264, frames: 50)
        let mp4Data = try Data(contentsOf: URL(fileURLWithPath: mp4))
        try mp4Data.prefix(mp4Data.count / 2).write(to: URL(fileURLWithPath: mp4))
        #expect(error { _ = try VideoProbe(path: mp4) }?.code == .notAVideo)

        let mkv = try fixtures.video(.mkvH264, frames: 50)
        let mkvData = try Data(contentsOf: URL(fileURLWithPath: mkv))
        try mkvData.prefix(mkvData.count / 2).write(to: URL(fileURLWithPath: mkv))
        let frames = try fixtures.frames(mkv, .all)
        #expect(frames.count > 5 && frames.count < 50)
        #expect(frames.map { SyntheticVideo.index(in: $0.image) } == Array(0..<frames.count))

        let header = try fixtures.video(.mkvH264, name: "header.mkv", frames: 50)
        let headerData = try Data(contentsOf: URL(fileURLWithPath: header))
        try headerData.prefix(700).write(to: URL(fileURLWithPath: header))
        let empty = error { _ = try fixtures.frames(header, .all) }
        #expect(empty?.code == .corruptData || empty?.code == .notAVideo)
    }

    @Test func damageInTheMiddleIsSkipped() throws {
        let fixtures = try VideoFixtures()
        defer { fixtures.remove() }
        let path = try fixtures.video(.mpegtsMPEG2, frames: 50, keyframeInterval: 10)
        var data = try Data(contentsOf: URL(fileURLWithPath: path))
        var seed: UInt32 = 12345
        for offset in (data.count * 2 / 5)..<(data.count * 2 / 5 + 3000) {
            seed = seed &* 1_103_515_245 &+ 12345
            data[offset] = UInt8(truncatingIfNeeded: seed >> 16)
        }
        try data.write(to: URL(fileURLWithPath: path))
        let extractor = try FrameExtractor(path: path, options: .init(selection: .all))
        var indices: [Int] = []
        try extractor.forEach { indices.append(SyntheticVideo.index(in: $0.image)) }
        #expect(indices.count >= 30)
        #expect(indices.last == 49)
        #expect(extractor.damagedPacketCount > 0)
    }

    @Test func framesAboveThePixelLimitAreRefused() throws {
        let fixtures = try VideoFixtures()
        defer { fixtures.remove() }
        let path = try fixtures.video(.mp4H264, frames: 5)
        let refused = error {
            _ = try FrameExtractor(path: path, options: .init(selection: .all, maxPixels: 160 * 100))
        }
        #expect(refused?.code == .frameTooLarge)
        #expect(refused?.message.contains("160x120") == true)
    }

    @Test func outOfRangeOptionsAreRefused() throws {
        let fixtures = try VideoFixtures()
        defer { fixtures.remove() }
        let path = try fixtures.video(.mp4H264, frames: 5)
        for options in [
            FrameExtractionOptions(selection: .every(seconds: 0)), .init(selection: .fps(-1)),
            .init(selection: .scenes(threshold: 2)), .init(selection: .all, start: 3, end: 2),
            .init(selection: .all, maxFrames: 0), .init(selection: .at([-1])),
        ] {
            #expect(error { _ = try FrameExtractor(path: path, options: options) }?.code == .invalidOptions)
        }
    }

    @Test func cancellationStopsExtraction() async throws {
        let fixtures = try VideoFixtures()
        defer { fixtures.remove() }
        let path = try fixtures.video(.mp4H264, frames: 5)
        let code = await Task {
            withUnsafeCurrentTask { $0?.cancel() }
            return error { _ = try fixtures.frames(path, .all) }?.code
        }.value
        #expect(code == .cancelled)
    }

    @Test func logLinesGoToTheChosenHandler() throws {
        let fixtures = try VideoFixtures()
        defer { fixtures.remove() }
        let text = fixtures.path("garbage.ts")
        try Data(repeating: 0x47, count: 4000).write(to: URL(fileURLWithPath: text))
        let lines = Mutex<[String]>([])
        VideoLogging.route(level: .debug) { _, line in lines.withLock { $0.append(line) } }
        defer { VideoLogging.silence() }
        _ = try? VideoProbe(path: text)
        #expect(lines.withLock { !$0.isEmpty })
    }
}

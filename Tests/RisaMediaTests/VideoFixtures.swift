import Foundation

@testable import RisaMedia

/// Generates small videos for the video tests in a fresh temporary directory.
struct VideoFixtures {
    let directory: URL

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("risa-video-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    /// Writes `frames` synthetic frames (160x120 by default) and returns the path.
    func video(
        _ format: VideoFormat, name: String? = nil, frames: Int = 50, frameRate: Int = 25,
        width: Int = 160, height: Int = 120, keyframeInterval: Int = 12, rotation: Int = 0,
        sampleAspectRatio: VideoRational = VideoRational(1, 1), sceneCuts: [Int] = [],
        silentAudio: Bool = false, encoderOptions: [String: String] = [:]
    ) throws -> String {
        let file = path(name ?? "video.\(format.fileExtension)")
        let writer = try VideoWriter(
            path: file,
            configuration: .init(
                format: format, width: width, height: height, frameRate: frameRate,
                keyframeInterval: keyframeInterval, rotation: rotation,
                sampleAspectRatio: sampleAspectRatio, bitRate: 2_000_000,
                encoderOptions: encoderOptions, silentAudio: silentAudio))
        for index in 0..<frames {
            try writer.append(SyntheticVideo.frame(index: index, width: width, height: height, sceneCuts: sceneCuts))
        }
        try writer.finish()
        return file
    }

    /// Every frame of `path` (for comparisons), with the given options otherwise.
    func frames(
        _ path: String, _ selection: FrameSelection, start: Double = 0, end: Double? = nil,
        maxFrames: Int? = nil
    ) throws -> [VideoFrame] {
        let extractor = try FrameExtractor(
            path: path, options: .init(selection: selection, start: start, end: end, maxFrames: maxFrames))
        var frames: [VideoFrame] = []
        try extractor.forEach { frames.append($0) }
        return frames
    }

    func remove() { try? FileManager.default.removeItem(at: directory) }
}

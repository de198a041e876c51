import ArgumentParser
import Foundation
import RisaMedia

/// `risa sample-media DIR`: writes synthetic videos and images to try the media pipelines on.
struct SampleMediaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sample-media",
        abstract: "Write synthetic videos and images (the same bytes every time) to try the media pipelines on.",
        discussion: """
            Videos (under DIR/videos) alternate MP4 (H.264) and WebM (VP9), 320x240 at 25 fps with a scene \
            cut every 2 seconds; each frame carries its index as a band of black and white cells. Images \
            (under DIR/images) are photo-like pictures in JPEG, PNG and WebP plus the awkward cases: an \
            EXIF-rotated JPEG, a PNG with alpha, a CMYK TIFF, a near-duplicate pair, a blurry picture and a \
            tiny one. --bench-video and --bench-jpegs write the benchmark inputs (bench/media) instead.
            """)

    @Argument(help: "The folder to write into (created when missing).")
    var directory: String

    @Option(help: "How many videos.")
    var videos = 2

    @Option(help: "How many photo-like pictures, besides the special cases.")
    var images = 4

    @Option(help: "Length of each video in seconds.")
    var seconds = 6

    @Flag(help: "Write bench.mp4: 2 minutes of 1920x1080 H.264 at 30 fps (benchmarks).")
    var benchVideo = false

    @Option(help: "Write this many 3000x2000 JPEGs under jpegs/ (benchmarks).")
    var benchJpegs = 0

    func validate() throws {
        guard videos >= 0, images >= 0, benchJpegs >= 0 else { throw ValidationError("counts must be 0 or more") }
        guard (1...600).contains(seconds) else { throw ValidationError("--seconds must be between 1 and 600") }
    }

    func run() throws {
        let root = URL(fileURLWithPath: directory)
        do {
            if benchVideo || benchJpegs > 0 {
                try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
                if benchVideo {
                    try SampleMedia.video(
                        root.appendingPathComponent("bench.mp4").path, format: .mp4H264,
                        width: 1920, height: 1080, frameRate: 30, seconds: 120)
                }
                if benchJpegs > 0 {
                    try SampleMedia.benchJPEGs(root.appendingPathComponent("jpegs"), count: benchJpegs)
                }
                return
            }
            let videoFolder = root.appendingPathComponent("videos")
            let imageFolder = root.appendingPathComponent("images")
            for folder in [videoFolder, imageFolder] {
                try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            }
            for index in 0..<videos {
                let format: VideoFormat = index % 2 == 0 ? .mp4H264 : .webmVP9
                let path = videoFolder.appendingPathComponent("clip\(index + 1).\(format.fileExtension)").path
                try SampleMedia.video(
                    path, format: format, width: 320, height: 240, frameRate: 25, seconds: seconds, variant: index)
                print(path)
            }
            for path in try SampleMedia.images(imageFolder, count: images) { print(path) }
        } catch let error as CommandFailure {
            throw error
        } catch {
            throw CommandFailure(message: "cannot write the sample media: \(error)", status: ExitStatus.failed)
        }
    }
}

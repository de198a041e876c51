import Foundation
import RisaCore
import RisaEngine
import RisaMedia
import RisaState
import RisaStore
import Testing

/// The media steps through a real engine: per-item failures with `on_error: skip_item`, frames whose
/// box is composed through two transforms, and identical bytes on a second project.
@Suite struct EnginePipelineTests {
    private func itemSet(
        _ project: EngineProject, _ summary: RunSummary, step: String, output: String
    ) throws
        -> ItemSet
    {
        try project.itemSet(summary, step: step, output: output)
    }

    private func writeBytes(_ project: EngineProject, _ path: String, _ bytes: [UInt8]) throws {
        try project.write(path, bytes)
    }

    private func picture(_ width: Int, _ height: Int) -> PixelBuffer {
        var buffer = PixelBuffer(width: width, height: height, layout: .rgb, filledWith: [40, 90, 160])
        for y in 0..<height {
            for x in 0..<width where (x / 5 + y / 7) % 3 == 0 {
                buffer.bytes[(y * width + x) * 3] = 230
            }
        }
        return buffer
    }

    @Test func badImagesFailAloneWithSkipItemAndNameTheFile() async throws {
        let project = try EngineProject()
        defer { project.remove() }
        try writeBytes(project, "photos/good.png", MagickImage(pixels: picture(60, 40)).encode(.png()))
        let jpeg = try MagickImage(pixels: picture(60, 40)).encode(.jpeg())
        try writeBytes(project, "photos/cut.jpg", Array(jpeg.prefix(jpeg.count / 2)))
        try writeBytes(project, "photos/empty.png", [])
        let pipeline = """
            steps:
              resize:
                uses: image.transform
                on_error: skip_item
                with:
                  images: photos/
                  ops: [{resize: {long_side: 30}}]
            """
        let summary = try await project.run(pipeline)
        let step = try #require(summary.steps.first { $0.id == "resize" })
        #expect((step.total, step.ran, step.failed) == (3, 1, 2))
        #expect(try itemSet(project, summary, step: "resize", output: "images").items.map(\.name) == ["good.png"])
        let records = try await project.records.items(run: RunID(summary.run), step: "resize")
        let errors = Dictionary(uniqueKeysWithValues: records.map { ($0.name, $0.error ?? "") })
        #expect(errors["cut.jpg"]?.hasPrefix("cut.jpg: ") == true, "\(errors)")
        #expect(errors["empty.png"] == "empty.png: the file is empty (0 bytes) [empty]")

        let strict = try await project.run(
            pipeline.replacingOccurrences(of: "on_error: skip_item", with: "on_error: fail"))
        #expect(strict.status == "failed")
    }

    @Test func aDamagedVideoFailsAloneWithSkipItem() async throws {
        let project = try EngineProject()
        defer { project.remove() }
        let url = project.root.appendingPathComponent("videos/good.webm")
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        let writer = try VideoWriter(
            path: url.path, configuration: .init(format: .webmVP8, width: 96, height: 64, frameRate: 25))
        for index in 0..<25 { try writer.append(SyntheticVideo.frame(index: index, width: 96, height: 64)) }
        try writer.finish()
        try project.write("videos/empty.mp4", [])
        try project.write("videos/text.mkv", Array(String(repeating: "no video here\n", count: 50).utf8))
        let pipeline = """
            steps:
              frames:
                uses: video.frames
                on_error: skip_item
                with: {videos: videos/, every: 0.5s}
            """
        let summary = try await project.run(pipeline)
        let step = try #require(summary.steps.first { $0.id == "frames" })
        #expect((step.total, step.ran, step.failed) == (3, 1, 2))
        #expect(
            try project.itemSet(summary, step: "frames", output: "images").items.map(\.name) == [
                "good/000000.png", "good/000012.png",
            ])
        let records = try await project.records.items(run: RunID(summary.run), step: "frames")
        let errors = Dictionary(uniqueKeysWithValues: records.map { ($0.name, $0.error ?? "") })
        #expect(
            errors["empty.mp4"]?.hasPrefix("empty.mp4: ") == true
                && errors["empty.mp4"]?.contains("[emptyFile]") == true)
        #expect(
            errors["text.mkv"]?.hasPrefix("text.mkv: ") == true && errors["text.mkv"]?.contains("[notAVideo]") == true)
    }

    @Test func framesThroughTwoCropsKeepTheirVideoProvenance() async throws {
        let project = try EngineProject()
        defer { project.remove() }
        let url = project.root.appendingPathComponent("videos/a.mp4")
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        let writer = try VideoWriter(
            path: url.path, configuration: .init(format: .mp4H264, width: 160, height: 120, frameRate: 25))
        for index in 0..<50 { try writer.append(SyntheticVideo.frame(index: index, width: 160, height: 120)) }
        try writer.finish()
        let pipeline = """
            steps:
              import:
                uses: media.import
                with: {paths: [videos/]}
              frames:
                uses: video.frames
                with: {videos: "${{ steps.import.outputs.videos }}", every: 1s}
              crop:
                uses: image.transform
                with:
                  images: ${{ steps.frames.outputs.images }}
                  ops: [{crop: {box: [40, 20, 80, 60]}}, {resize: {exact: [40, 30]}}]
              again:
                uses: image.transform
                with:
                  images: ${{ steps.crop.outputs.images }}
                  ops: [{crop: {center: "1:1"}}]
                  format: jpg
            """
        let first = try await project.run(pipeline)
        #expect(first.status == "succeeded")
        let frames = try itemSet(project, first, step: "again", output: "images")
        #expect(frames.items.map(\.name) == ["a/000000.jpg", "a/000025.jpg"])
        let videoDigest = try itemSet(project, first, step: "import", output: "videos").items[0].digest
        for (item, pts) in zip(frames.items, [0.0, 1.0]) {
            // 40x30 -> centre 30x30 at x = 5, i.e. 10 source pixels in: [50, 20, 60, 60].
            #expect(item.metadata["box"] == .list([.int(50), .int(20), .int(60), .int(60)]))
            #expect(item.metadata["frame"]?.mapValue?["pts"] == .number(pts))
            #expect(item.metadata["frame"]?.mapValue?["video"] == .string(videoDigest.description))
            #expect(item.metadata["source"]?.mapValue?["path"] == .string("videos/a.mp4"))
            #expect((item.metadata["width"], item.metadata["height"]) == (.int(30), .int(30)))
        }
        let again = try await project.run(pipeline)
        #expect(again.steps.allSatisfy { $0.status == "cached" }, "\(again.steps.map(\.status))")

        // A second project makes the same bytes.
        let other = try EngineProject()
        defer { other.remove() }
        try FileManager.default.createDirectory(
            at: other.root.appendingPathComponent("videos"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: url, to: other.root.appendingPathComponent("videos/a.mp4"))
        let copy = try await other.run(pipeline)
        #expect(
            try itemSet(other, copy, step: "again", output: "images").items.map(\.digest) == frames.items.map(\.digest))
    }
}

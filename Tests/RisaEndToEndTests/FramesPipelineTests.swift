import Foundation
import Testing

extension EndToEnd {
    /// `risa sample-media` then the repository's `pipelines/frames.yaml` on it, twice.
    @Suite struct FramesPipelineTests {
        static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()

        @Test func sampleMediaThroughTheFramesPipelineIsCachedTheSecondTime() async throws {
            let project = try TemporaryProject("frames")
            defer { project.remove() }
            let pipeline = try String(
                contentsOf: Self.repository.appendingPathComponent("pipelines/frames.yaml"), encoding: .utf8)
            try project.write("pipelines/frames.yaml", pipeline)
            let made = try await project.risa(
                "sample-media", "media", "--videos", "2", "--images", "1", "--seconds", "3")
            #expect(made.status == 0, "\(made.stderr)")
            #expect(made.stdout.contains("media/videos/clip2.webm"))

            let first = try await project.risa("run", "pipelines/frames.yaml", "--json", timeout: 120)
            #expect(first.status == 0, "\(first.stderr)")
            let json = try RunJSON(first.stdout)
            #expect(
                json.statuses == [
                    "import": "ran", "frames": "ran", "clean": "ran", "filter": "ran", "dedupe": "ran", "bucket": "ran",
                ])

            // Every 2 s (0, 2) and the scene cut at 2.5 s (frame 62) of each 3-second video.
            let frames = try project.files(under: "out/frames/frames/images").keys.sorted()
            #expect(
                frames == [
                    "clip1/000000.png", "clip1/000050.png", "clip1/000062.png",
                    "clip2/000000.png", "clip2/000050.png", "clip2/000062.png",
                ])
            let buckets = try project.files(under: "out/frames/bucket/images")
            #expect(!buckets.isEmpty)
            for (name, _) in buckets {
                // 320x240 at resolution 256: kohya's nearest bucket is 256x256 (cover, then centre crop).
                let traced = try await project.risa("lineage", "out/frames/bucket/images/" + name)
                #expect(traced.stdout.contains("bucket: [256,256]"), "\(traced.stdout)")
                #expect(traced.stdout.contains("width: 256") && traced.stdout.contains("height: 256"))
                #expect(traced.stdout.contains("box: [39.413,0,240.235,240]"), "\(traced.stdout)")
                #expect(traced.stdout.contains("frame: {\"index\":"), "\(traced.stdout)")
            }
            let groups = try project.read("out/frames/dedupe/groups.json")
            #expect(groups.contains("\"hash\": \"dhash\""))

            let second = try await project.risa("run", "pipelines/frames.yaml", "--json", timeout: 60)
            #expect(second.status == 0)
            #expect(try RunJSON(second.stdout).statuses.values.allSatisfy { $0 == "cached" })
        }
    }
}

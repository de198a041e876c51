import Foundation
import Testing

extension EndToEnd {
    /// `risa sample-media` writes the same bytes every time: two runs in separate processes give
    /// byte-identical videos (H.264 and VP9) and pictures, so every digest after them is reproducible.
    @Suite struct SampleMediaDeterminismTests {
        @Test func twoRunsWriteTheSameBytes() async throws {
            let project = try TemporaryProject("sample-determinism")
            defer { project.remove() }
            for folder in ["one", "two"] {
                let made = try await project.risa(
                    "sample-media", folder, "--videos", "2", "--images", "1", "--seconds", "2")
                #expect(made.status == 0, "\(made.stderr)")
            }
            let one = try project.files(under: "one")
            let two = try project.files(under: "two")
            #expect(one.keys.contains("videos/clip1.mp4") && one.keys.contains("videos/clip2.webm"))
            #expect(one.keys.sorted() == two.keys.sorted())
            for (name, bytes) in one { #expect(two[name] == bytes, "\(name) differs between the two runs") }
        }
    }
}

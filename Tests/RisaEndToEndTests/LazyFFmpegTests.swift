import Foundation
import Testing

extension EndToEnd {
    /// FFmpeg's libraries are opened on first use: commands and runs that touch no video never load
    /// them (they cost ~50 ms of every start-up when linked), and a video step loads them.
    @Suite struct LazyFFmpegTests {
        static let textPipeline = """
            name: notes
            steps:
              note:
                uses: text.write
                with: {text: hello, name: note.txt}
            """

        /// The shared objects the dynamic loader opened, from `LD_DEBUG=files` output on stderr.
        static func loadedLibraries(_ result: RisaResult) -> [String] {
            result.errorLines.compactMap { line in
                guard let range = line.range(of: "file=") else { return nil }
                return String(line[range.upperBound...].prefix { $0 != " " && $0 != ";" })
            }
        }

        @Test func validatePlanAndATextRunNeverLoadFFmpeg() async throws {
            let project = try TemporaryProject("lazy-ffmpeg")
            defer { project.remove() }
            try project.write("notes.yaml", Self.textPipeline)
            for arguments in [["validate", "notes.yaml"], ["plan", "notes.yaml"], ["run", "notes.yaml"], ["steps"]] {
                let result = try await Risa.run(arguments, in: project.root, environment: ["LD_DEBUG": "files"])
                #expect(result.status == 0, "risa \(arguments): \(result.stderr.suffix(2000))")
                let loaded = Self.loadedLibraries(result)
                // The loader's trace is there (so its absence of libav* means something) ...
                #expect(loaded.contains { $0.hasPrefix("libMagickWand") }, "risa \(arguments): no loader trace")
                // ... and names no FFmpeg library.
                #expect(
                    !loaded.contains {
                        $0.hasPrefix("libav") || $0.hasPrefix("libswscale") || $0.hasPrefix("libswresample")
                    }, "risa \(arguments) loaded \(loaded)")
            }
        }

        @Test func aVideoStepAndVersionLoadFFmpegOnFirstUse() async throws {
            let project = try TemporaryProject("lazy-ffmpeg-video")
            defer { project.remove() }
            let made = try await project.risa(
                "sample-media", "media", "--videos", "1", "--images", "0", "--seconds", "1")
            #expect(made.status == 0, "\(made.stderr)")
            try project.write(
                "frames.yaml",
                """
                name: frames
                steps:
                  import:
                    uses: media.import
                    with: {paths: [media/videos]}
                  frames:
                    uses: video.frames
                    with: {videos: "${{ steps.import.outputs.videos }}", every: 1s}
                """)
            let run = try await Risa.run(
                ["run", "frames.yaml"], in: project.root, environment: ["LD_DEBUG": "files"], timeout: 120)
            #expect(run.status == 0, "\(run.stderr.suffix(2000))")
            #expect(Self.loadedLibraries(run).contains { $0.hasPrefix("libavcodec.so.") })
            #expect(!(try project.files(under: "out/frames/frames/images").isEmpty))

            let version = try await project.risa("--version")
            #expect(version.status == 0)
            #expect(
                version.stdout.range(of: #"libavcodec \d+\.\d+\.\d+"#, options: .regularExpression) != nil,
                "\(version.stdout)")
        }
    }
}

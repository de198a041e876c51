import Foundation
import RisaCore
import RisaEngine
import RisaMedia
import Testing

/// Glob patterns among the paths of a list argument (`media.import`'s `paths`) stand for the files
/// and folders they match, through a real engine.
@Suite struct PathPatternTests {
    private func png(_ seed: UInt8) throws -> [UInt8] {
        try MagickImage(pixels: PixelBuffer(width: 8, height: 8, layout: .rgb, filledWith: [seed, 90, 160]))
            .encode(.png())
    }

    @Test func aPatternImportsWhatItMatchesAndANewMatchReimports() async throws {
        let project = try EngineProject()
        defer { project.remove() }
        try project.write("photos/b.png", png(1))
        try project.write("photos/a.png", png(2))
        try project.write("photos/notes.txt", Array("not a picture".utf8))
        try project.write("photos/.hidden.png", png(3))
        try project.write("other/c.png", png(4))
        let pipeline = """
            steps:
              import:
                uses: media.import
                with: {paths: ["photos/*.png", "other/"]}
            """
        let first = try await project.run(pipeline)
        #expect(
            try project.itemSet(first, step: "import", output: "images").items.map(\.name) == [
                "a.png", "b.png", "c.png",
            ])
        // Unchanged: from the cache. A new file matching the pattern: imported again.
        #expect(try await project.run(pipeline).steps.first { $0.id == "import" }?.status == "cached")
        try project.write("photos/d.png", png(5))
        let third = try await project.run(pipeline)
        #expect(third.steps.first { $0.id == "import" }?.status == "ran")
        #expect(try project.itemSet(third, step: "import", output: "images").items.count == 4)
    }

    @Test func aPatternThatMatchesNothingFailsTheStepNamingIt() async throws {
        let project = try EngineProject()
        defer { project.remove() }
        try project.write("photos/a.png", png(1))
        let summary = try await project.run(
            """
            steps:
              import:
                uses: media.import
                with: {paths: ["photos/*.jpg"]}
            """)
        let error = try #require(summary.steps.first { $0.id == "import" }?.error)
        #expect(error.hasPrefix("steps.import.with.paths: 'photos/*.jpg' matches no file"), "\(error)")
    }

    @Test func aPathThatExistsWithGlobCharactersIsAPath() async throws {
        let project = try EngineProject()
        defer { project.remove() }
        try project.write("shots [raw]/x.png", png(1))
        let summary = try await project.run(
            """
            steps:
              import:
                uses: media.import
                with: {paths: ["shots [raw]"]}
            """)
        #expect(try project.itemSet(summary, step: "import", output: "images").items.map(\.name) == ["x.png"])
    }
}

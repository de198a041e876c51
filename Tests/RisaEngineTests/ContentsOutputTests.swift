import Foundation
import RisaCore
import RisaEngine
import Testing

/// A step may hand a file output over as bytes (`ProducedOutput.contents`): it is stored as a blob
/// without passing through the output folder, published under its file name, and cached like any
/// other output.
@Suite struct ContentsOutputTests {
    @Test func bytesAreStoredPublishedUnderTheirNameAndCached() async throws {
        let project = try EngineFixture(extraSteps: [ContentsStep()])
        defer { project.remove() }
        let pipeline = """
            steps:
              make:
                uses: test.contents
                with: {text: "made in memory\\n", file_name: nested/made.txt}
            """
        let first = try await project.run(pipeline)
        #expect(first.statuses == ["make": "ran"])
        let output = try #require(first.step("make")?.outputs["file"]?.first)
        #expect(output.digest == Digest(ofText: "made in memory\n"))
        #expect(try project.read("out/p/make/nested/made.txt") == "made in memory\n")
        #expect(try project.store.blobs.read(output.digest) == Data("made in memory\n".utf8))

        let second = try await project.run(pipeline)
        #expect(second.statuses == ["make": "cached"])
    }

    @Test func aFileNameLeavingTheStepFolderFailsTheStep() async throws {
        let project = try EngineFixture(extraSteps: [ContentsStep()])
        defer { project.remove() }
        for name in ["../escape.txt", "/etc/x", "a//b", ""] {
            let summary = try await project.run(
                "steps:\n  make:\n    uses: test.contents\n    with: {text: x, file_name: \"\(name)\"}\n")
            #expect(summary.statuses == ["make": "failed"], "\(name)")
            #expect(summary.step("make")?.error == "output 'file': '\(name)' is not a relative file path")
        }
    }
}

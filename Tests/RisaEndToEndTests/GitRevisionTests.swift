import Foundation
import RisaGit
import Testing

@testable import RisaCLI

/// Pipelines read from a git revision (`FILE@REV`), with their recipes at the same revision.
@Suite struct GitRevisionTests {
    private func project() throws -> (GitRepository, URL) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("risa-gitrev-\(UUID().uuidString)")
        try FileManager.default.createDirectory(
            at: folder.appendingPathComponent("pipelines"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(
            at: folder.appendingPathComponent("recipes"), withIntermediateDirectories: true)
        return (try GitRepository.create(at: folder), folder)
    }

    private func write(_ folder: URL, _ path: String, _ text: String) throws {
        try Data(text.utf8).write(to: folder.appendingPathComponent(path))
    }

    @Test func readsThePipelineAndItsRecipesAtTheRevision() throws {
        let (repository, folder) = try project()
        defer { try? FileManager.default.removeItem(at: folder) }
        let pipeline = "steps:\n  use:\n    uses: ./recipes/r.yaml\n"
        try write(folder, "pipelines/p.yaml", pipeline)
        try write(folder, "recipes/r.yaml", "steps:\n  one:\n    uses: text.write\n    with: {text: old}\n")
        let first = try repository.commit(["pipelines/p.yaml", "recipes/r.yaml"], message: "v1")
        try write(
            folder, "recipes/r.yaml",
            "steps:\n  one:\n    uses: text.write\n    with: {text: new}\n  two:\n    uses: text.write\n    with: {text: more}\n"
        )
        try repository.commit(["recipes/r.yaml"], message: "v2")
        try write(folder, "recipes/r.yaml", "steps:\n  broken: {uses: nothing.here}\n")

        let old = FileManager.default.currentDirectoryPath
        FileManager.default.changeCurrentDirectoryPath(folder.path)
        defer { FileManager.default.changeCurrentDirectoryPath(old) }

        let (atFirst, firstProblems) = PipelineSession.check("pipelines/p.yaml@\(first.shortId)")
        #expect(firstProblems.isEmpty)
        #expect(atFirst?.graph.nodes.map(\.id) == ["use/one"])
        #expect(atFirst?.origin.commit == first)
        #expect(atFirst?.origin.isDirty == false)

        let (atHead, _) = PipelineSession.check("pipelines/p.yaml@HEAD")
        #expect(atHead?.graph.nodes.map(\.id) == ["use/one", "use/two"])

        let (_, workTreeProblems) = PipelineSession.check("pipelines/p.yaml")
        #expect(workTreeProblems.map(\.message).contains { $0.contains("unknown step type 'nothing.here'") })
    }

    @Test func marksWorkTreeRunsDirtyWhenAnyLoadedFileChanged() throws {
        let (repository, folder) = try project()
        defer { try? FileManager.default.removeItem(at: folder) }
        try write(folder, "pipelines/p.yaml", "steps:\n  use:\n    uses: ./recipes/r.yaml\n")
        try write(folder, "recipes/r.yaml", "steps:\n  one:\n    uses: text.write\n    with: {text: a}\n")
        try repository.commit(["pipelines/p.yaml", "recipes/r.yaml"], message: "v1")
        let path = folder.appendingPathComponent("pipelines/p.yaml").path
        #expect(PipelineSession.check(path).0?.origin.isDirty == false)
        try write(folder, "recipes/r.yaml", "steps:\n  one:\n    uses: text.write\n    with: {text: b}\n")
        #expect(PipelineSession.check(path).0?.origin.isDirty == true)
    }

    @Test func unknownRevisionsAreClearErrors() throws {
        let (repository, folder) = try project()
        defer { try? FileManager.default.removeItem(at: folder) }
        try write(folder, "pipelines/p.yaml", "steps:\n  a:\n    uses: text.write\n    with: {text: a}\n")
        try repository.commit(["pipelines/p.yaml"], message: "v1")
        let old = FileManager.default.currentDirectoryPath
        FileManager.default.changeCurrentDirectoryPath(folder.path)
        defer { FileManager.default.changeCurrentDirectoryPath(old) }
        let (session, problems) = PipelineSession.check("pipelines/p.yaml@nope")
        #expect(session == nil)
        #expect(
            problems.map(\.description) == [
                "pipelines/p.yaml@nope:1:1: error: unknown revision 'nope': revspec 'nope' not found"
            ])
        let (_, missing) = PipelineSession.check("pipelines/gone.yaml@HEAD")
        #expect(missing.first?.message.contains("'pipelines/gone.yaml' is not in commit") == true)
    }
}

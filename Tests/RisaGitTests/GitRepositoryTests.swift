import Foundation
import RisaGit
import Testing

@Suite struct GitRepositoryTests {
    private func makeRepository() throws -> (GitRepository, URL) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("risa-git-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return (try GitRepository.create(at: folder), folder)
    }

    private func write(_ folder: URL, _ path: String, _ text: String) throws {
        let url = folder.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }

    @Test func readsFilesAsTheyWereAtEachCommit() throws {
        let (repository, folder) = try makeRepository()
        defer { try? FileManager.default.removeItem(at: folder) }
        try write(folder, "pipelines/p.yaml", "version: 1\n")
        let first = try repository.commit(["pipelines/p.yaml"], message: "first\n\nbody")
        try write(folder, "pipelines/p.yaml", "version: 2\n")
        let second = try repository.commit(["pipelines/p.yaml"], message: "second")
        #expect(first.summary == "first")
        #expect(
            String(decoding: try repository.readFile("pipelines/p.yaml", at: first), as: UTF8.self) == "version: 1\n")
        #expect(
            String(decoding: try repository.readFile("pipelines/p.yaml", at: second), as: UTF8.self) == "version: 2\n")
        #expect(try repository.resolve("HEAD") == second)
        #expect(try repository.resolve("HEAD~1") == first)
        #expect(try repository.resolve(String(first.id.prefix(8))) == first)
    }

    @Test func reportsMissingRevisionsAndPaths() throws {
        let (repository, folder) = try makeRepository()
        defer { try? FileManager.default.removeItem(at: folder) }
        try write(folder, "a.txt", "a")
        let commit = try repository.commit(["a.txt"], message: "a")
        #expect(throws: GitError.self) { try repository.resolve("no-such-branch") }
        do {
            _ = try repository.readFile("b.txt", at: commit)
            Issue.record("expected an error")
        } catch {
            #expect(error.isNotFound)
            #expect(error.message.contains("'b.txt' is not in commit"))
        }
    }

    @Test func tellsUncommittedChanges() throws {
        let (repository, folder) = try makeRepository()
        defer { try? FileManager.default.removeItem(at: folder) }
        try write(folder, "a.txt", "a")
        try repository.commit(["a.txt"], message: "a")
        #expect(try !repository.hasUncommittedChanges("a.txt"))
        try write(folder, "a.txt", "changed")
        #expect(try repository.hasUncommittedChanges("a.txt"))
        try write(folder, "new.txt", "new")
        #expect(try repository.hasUncommittedChanges("new.txt"))
    }

    @Test func listsTheCommitsThatChangedAFile() throws {
        let (repository, folder) = try makeRepository()
        defer { try? FileManager.default.removeItem(at: folder) }
        try write(folder, "p.yaml", "1")
        let one = try repository.commit(["p.yaml"], message: "one", date: Date(timeIntervalSince1970: 1_700_000_000))
        try write(folder, "other.txt", "x")
        try repository.commit(["other.txt"], message: "unrelated", date: Date(timeIntervalSince1970: 1_700_000_100))
        try write(folder, "p.yaml", "2")
        let two = try repository.commit(["p.yaml"], message: "two", date: Date(timeIntervalSince1970: 1_700_000_200))
        #expect(try repository.history(of: "p.yaml") == [two, one])
    }

    @Test func discoversTheRepositoryFromASubfolder() throws {
        let (_, folder) = try makeRepository()
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(
            at: folder.appendingPathComponent("pipelines/deep"), withIntermediateDirectories: true)
        let found = try GitRepository(discoveringFrom: folder.appendingPathComponent("pipelines/deep"))
        #expect(found.workTree.resolvingSymlinksInPath().path == folder.resolvingSymlinksInPath().path)
    }
}

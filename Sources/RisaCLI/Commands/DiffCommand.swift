import ArgumentParser
import Foundation
import RisaCore
import RisaEngine
import RisaState

/// `risa diff A B`: what changed between two runs or lockfiles.
struct DiffCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract:
            "Compare two runs (ids or prefixes) or lockfiles: params, recipe commits, steps whose outputs changed, items."
    )

    @Argument(help: "A run id (or unique prefix) or a lockfile path.")
    var first: String

    @Argument(help: "A run id (or unique prefix) or a lockfile path.")
    var second: String

    func run() async throws {
        let project = try ProjectState.openExisting(
            root: ProjectRoot.find(startingAt: URL(fileURLWithPath: FileManager.default.currentDirectoryPath)))
        let (a, aRun) = try await load(first, project)
        let (b, bRun) = try await load(second, project)
        var lines: [String] = []
        let aParams = a.params.mapValue ?? [:]
        let bParams = b.params.mapValue ?? [:]
        for name in Set(aParams.keys).union(bParams.keys).sorted() where aParams[name] != bParams[name] {
            lines.append(
                "param \(name): \(aParams[name].map(CanonicalJSON.string) ?? "unset") -> \(bParams[name].map(CanonicalJSON.string) ?? "unset")"
            )
        }
        if let aGit = aRun?.git, let bGit = bRun?.git, aGit.commit != bGit.commit {
            lines.append("recipe commit: \(aGit.commit.prefix(10)) -> \(bGit.commit.prefix(10))")
        }
        let order = Array(Set(a.steps.keys).union(b.steps.keys)).sorted()
        let comparison = LockfileComparison(
            expected: a, actual: b, expectedStore: project?.store, actualStore: project?.store)
        lines += comparison.details(order: order)
        print(lines.isEmpty ? "no differences" : lines.joined(separator: "\n"))
    }

    private func load(_ reference: String, _ project: ProjectState?) async throws -> (Lockfile, RunRecord?) {
        if FileManager.default.fileExists(atPath: reference) {
            return (try Lockfile(text: try String(contentsOfFile: reference, encoding: .utf8), path: reference), nil)
        }
        guard let project else {
            throw CommandFailure.invalid("'\(reference)' is not a lockfile, and this project has no runs")
        }
        do {
            let detail = try await project.records.run(matching: reference)
            return (
                try await Lockfile.of(run: detail.run.id, records: project.records, store: project.store), detail.run
            )
        } catch let error as StateError {
            throw CommandFailure.invalid("'\(reference)' is neither a lockfile nor a run: \(error.message)")
        }
    }
}

/// `risa history FILE`: the commits that changed a pipeline, with the runs made from each.
struct HistoryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history", abstract: "The pipeline's commits with the runs made from each.")

    @Argument(help: "The pipeline file.")
    var file: String

    func run() async throws {
        let session = try PipelineSession.load(file)
        guard let repository = session.origin.repository else {
            throw CommandFailure.invalid("\(file) is not in a git repository")
        }
        let relative = GitRevisionReader.relative(
            URL(fileURLWithPath: PipelineOrigin.split(file).path).path, to: repository.workTree)
        let commits = try repository.history(of: relative)
        let runs = try await (ProjectState.openExisting(root: session.root)?.records.listRuns(limit: 10_000)) ?? []
        if commits.isEmpty { print("\(relative) has no commits yet") }
        for commit in commits {
            print("\(commit.shortId) \(RecordText.date(commit.date)) \(commit.summary)")
            for run in runs where run.git?.commit == commit.id {
                print(
                    "    run \(run.id) \(run.status.rawValue)\(run.git?.isDirty == true ? " (with uncommitted changes)" : "")"
                )
            }
        }
    }
}

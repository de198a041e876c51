import ArgumentParser
import Foundation
import RisaCore
import RisaEngine
import RisaState
import RisaSteps
import RisaStore

/// `risa verify FILE[@REV]`: re-executes every step from scratch in an isolated store and compares
/// each output digest with the lockfile.
struct VerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Re-run a pipeline from scratch in an isolated store and compare every output with its lockfile.",
        discussion: "Exit code 1 when an output differs (drift); the first diverging step and the items that differ are named.")

    @Argument(help: "The pipeline file (or FILE@REV); its lockfile is <pipeline>.lock beside it.")
    var file: String

    @Option(name: [.short, .long], help: "Steps and processes running at once.")
    var jobs: Int?

    func run() async throws {
        let session = try PipelineSession.load(file)
        let (path, _) = PipelineOrigin.split(file)
        let lockPath = Lockfile.path(forPipeline: path)
        let lockText: String
        if let repository = session.origin.repository, let commit = session.origin.commit, PipelineOrigin.split(file).revision != nil {
            lockText = String(decoding: try repository.readFile(GitRevisionReader.relative(lockPath, to: repository.workTree), at: commit), as: UTF8.self)
        } else {
            guard let text = try? String(contentsOfFile: lockPath, encoding: .utf8) else {
                throw CommandFailure.invalid("\(lockPath) does not exist: run the pipeline once (it writes the lockfile) and commit it")
            }
            lockText = text
        }
        let lockfile = try Lockfile(text: lockText, path: lockPath)
        var params: [String: Value] = [:]
        for (name, value) in lockfile.params.mapValue ?? [:] { params[name] = value }

        let isolated = FileManager.default.temporaryDirectory.appendingPathComponent("risa-verify-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: isolated) }
        let store = try LocalStore(root: isolated.appendingPathComponent("store"))
        let records = try SQLiteRunRecordStore(path: isolated.appendingPathComponent("state.db").path)
        var configuration = EngineConfiguration(
            projectRoot: session.root, outputDirectory: isolated.appendingPathComponent("out"), pipelinePath: file,
            jobs: jobs ?? ProcessInfo.processInfo.activeProcessorCount, environment: ProcessInfo.processInfo.environment,
            secrets: try SecretSource.load(names: SecretSource.referencedNames(in: session.graph), projectRoot: session.root),
            risaVersion: VersionInfo.risa)
        configuration.libraryVersions = Dictionary(uniqueKeysWithValues: VersionInfo.libraries.map { ($0.name, $0.version) })
        configuration.noCache = true
        Terminal.writeError("verifying \(file) against \(lockPath) in an isolated store\n")
        let engine = RunEngine(graph: session.graph, catalog: PipelineSession.catalog, implementations: BuiltinSteps.implementationsByName,
                               store: store, records: records, configuration: configuration, params: params,
                               reporter: ConsoleReporter(live: Terminal.isInteractive, verbose: false))
        let summary = try await engine.run()
        guard summary.status == "succeeded" else {
            throw CommandFailure(message: "verification run \(summary.status); no comparison made", status: ExitStatus.failed)
        }
        let rerun = try await Lockfile.of(run: RunID(summary.run), records: records, store: store)
        let main = try? ProjectState.openExisting(root: session.root)
        let report = LockfileComparison(expected: lockfile, actual: rerun, expectedStore: main?.store, actualStore: store)
        let order = session.graph.nodes.map(\.id)
        if let first = report.firstDivergence(order: order) {
            print("drift: \(first)")
            for line in report.details(order: order) { print("  \(line)") }
            throw ExitCode(ExitStatus.failed)
        }
        print("match: every output of \(order.count) step\(order.count == 1 ? "" : "s") equals \(lockPath)")
    }
}

import ArgumentParser
import Foundation
import RisaCore
import RisaEngine
import RisaState
import RisaSteps
import RisaStore

/// `risa verify FILE[@REV]` or `risa verify RUN`: re-executes every deterministic step from scratch
/// in an isolated store and compares each output digest with the lockfile or the run's record.
struct VerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract:
            "Re-run a pipeline from scratch in an isolated store and compare every output with its lockfile or run record.",
        discussion: """
            FILE[@REV] is compared with <pipeline>.lock beside it (read at the same revision); RUN (an id or unique \
            prefix) with that run's record, re-running the pipeline as it was at the run's recorded commit. Steps that \
            are not deterministic are not re-executed: their recorded outputs are checked by hashing them again and \
            used as they are. Exit code 1 when an output differs (drift): the first diverging step and the items that \
            differ are named.
            """)

    @Argument(help: "The pipeline file (or FILE@REV), or a run id (or unique prefix).")
    var target: String

    @Option(name: [.short, .long], help: "Steps and processes running at once.")
    var jobs: Int?

    func run() async throws {
        let (pipeline, expected, source) = try await expectation()
        let session = try PipelineSession.load(pipeline)
        var params: [String: Value] = [:]
        for (name, value) in expected.params.mapValue ?? [:] { params[name] = value }
        var configuration = EngineConfiguration(
            projectRoot: session.root, outputDirectory: session.root, pipelinePath: pipeline,
            jobs: jobs ?? ProcessInfo.processInfo.activeProcessorCount,
            environment: ProcessInfo.processInfo.environment,
            secrets: try SecretSource.load(
                names: SecretSource.referencedNames(in: session.graph), projectRoot: session.root),
            risaVersion: VersionInfo.risa)
        configuration.libraryVersions = VersionInfo.libraryVersions
        Terminal.writeError("verifying \(pipeline) against \(source) in an isolated store\n")
        let verifier = Verifier(
            graph: session.graph, catalog: PipelineSession.catalog, implementations: BuiltinSteps.implementationsByName,
            configuration: configuration, referenceStore: try ProjectState.openExisting(root: session.root)?.store)
        let verification: Verification
        do {
            verification = try await verifier.verify(
                expected, params: params,
                reporter: ConsoleReporter(live: Terminal.isInteractive, verbose: false))
        } catch let failure as StepFailure {
            throw CommandFailure(message: failure.message, status: ExitStatus.failed)
        }
        if !verification.replayed.isEmpty {
            print("checked by recorded outputs (not deterministic): \(verification.replayed.joined(separator: ", "))")
        }
        if let first = verification.firstDivergence {
            print("drift: \(first)")
            for line in verification.details { print("  \(line)") }
            for line in verification.failures { print("  \(line)") }
            throw ExitCode(ExitStatus.failed)
        }
        guard verification.runStatus == "succeeded" else {
            for line in verification.failures { print(line) }
            throw CommandFailure(
                message: "verification run \(verification.runStatus); every output it made matches \(source)",
                status: ExitStatus.failed)
        }
        let count = verification.stepCount
        print("match: every output of \(count) step\(count == 1 ? "" : "s") equals \(source)")
    }

    /// The pipeline to run (possibly `FILE@COMMIT`), what it must reproduce, and that source's name.
    private func expectation() async throws -> (pipeline: String, expected: Lockfile, source: String) {
        let (path, revision) = PipelineOrigin.split(target)
        if FileManager.default.fileExists(atPath: path) || path.hasSuffix(".yaml") || path.hasSuffix(".yml") {
            let lockPath = Lockfile.path(forPipeline: path)
            return (target, try readLockfile(lockPath, revision: revision), lockPath)
        }
        let root = ProjectRoot.find(startingAt: URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
        guard let project = try ProjectState.openExisting(root: root) else {
            throw CommandFailure.invalid("'\(target)' is neither a pipeline file nor a run: this project has no runs")
        }
        let detail: RunDetail
        do {
            detail = try await project.records.run(matching: target)
        } catch let error as StateError {
            throw CommandFailure.invalid("'\(target)' is neither a pipeline file nor a run: \(error.message)")
        }
        let run = detail.run
        let expected = try await Lockfile.of(run: run.id, records: project.records, store: project.store)
        var pipeline = PipelineOrigin.split(run.pipelinePath).path
        if !FileManager.default.fileExists(atPath: pipeline), !pipeline.hasPrefix("/") {
            pipeline = root.appendingPathComponent(pipeline).path
        }
        if let git = run.git {
            if git.isDirty {
                Terminal.writeError(
                    "warning: run \(run.id.rawValue) was made with uncommitted changes; verifying the work tree's \(pipeline)\n"
                )
            } else {
                pipeline += "@" + git.commit
            }
        }
        return (pipeline, expected, "run \(run.id.rawValue)")
    }

    private func readLockfile(_ lockPath: String, revision: String?) throws -> Lockfile {
        if let revision {
            let session = try PipelineSession.load(target)
            guard let repository = session.origin.repository else {
                throw CommandFailure.invalid("\(target): no git repository to read revision \(revision) from")
            }
            let bytes = try repository.readFile(
                GitRevisionReader.relative(lockPath, to: repository.workTree), at: try repository.resolve(revision))
            return try Lockfile(text: String(decoding: bytes, as: UTF8.self), path: "\(lockPath)@\(revision)")
        }
        guard let text = try? String(contentsOfFile: lockPath, encoding: .utf8) else {
            throw CommandFailure.invalid(
                "\(lockPath) does not exist: run the pipeline once (it writes the lockfile) and commit it")
        }
        return try Lockfile(text: text, path: lockPath)
    }
}

import ArgumentParser
import Dispatch
import Foundation
import RisaCore
import RisaEngine
import RisaGraph
import RisaModel
import RisaState
import RisaSteps
import RisaStore

/// `risa run FILE`: runs what changed, in parallel, and takes everything else from the cache.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a pipeline: what changed runs, in parallel; everything else comes from the cache.")

    @Argument(help: "The pipeline file.")
    var file: String

    @OptionGroup var paramOptions: ParamOptions

    @Option(name: [.short, .long], help: "Steps and processes running at once (default: the number of cores).")
    var jobs: Int?

    @Flag(help: "After a failure, keep running the steps that do not depend on it.")
    var keepGoing = false

    @Option(parsing: .upToNextOption, help: "Run only these steps (and what they need).")
    var only: [String] = []

    @Option(help: "Re-run this step and everything after it.")
    var from: String?

    @Option(parsing: .upToNextOption, help: "Re-run these steps even when cached.")
    var force: [String] = []

    @Flag(help: "Do not read the cache (results are still stored).")
    var noCache = false

    @Flag(help: "Print JSON Lines events on stdout; the last line is the run summary.")
    var json = false

    @Flag(name: [.short, .long], help: "Show every step's output as it runs.")
    var verbose = false

    @Flag(help: "Refuse to run when the pipeline or its inputs no longer match its lockfile.")
    var frozen = false

    func validate() throws {
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1") }
    }

    func run() async throws {
        let session = try PipelineSession.load(file)
        let params = try session.params(overrides: paramOptions.params, paramsFile: paramOptions.paramsFile)
        let project = try ProjectState.open(root: session.root)
        let environment = ProcessInfo.processInfo.environment
        let secrets = try SecretSource.load(
            names: SecretSource.referencedNames(in: session.graph), projectRoot: session.root)
        var configuration = EngineConfiguration(
            projectRoot: session.root, outputDirectory: project.outputDirectory, pipelinePath: file,
            jobs: jobs ?? ProcessInfo.processInfo.activeProcessorCount, gpus: Int(environment["RISA_GPUS"] ?? "") ?? 0,
            keepGoing: keepGoing, only: only, from: from, force: force, noCache: noCache, environment: environment,
            secrets: secrets, risaVersion: VersionInfo.risa)
        configuration.libraryVersions = VersionInfo.libraryVersions
        let revision = PipelineOrigin.split(file).revision
        let lockPath = Lockfile.path(forPipeline: PipelineOrigin.split(file).path)
        if frozen {
            guard let text = try? String(contentsOfFile: lockPath, encoding: .utf8) else {
                throw CommandFailure.invalid("--frozen: \(lockPath) does not exist")
            }
            let differences = FrozenCheck(
                graph: session.graph, catalog: PipelineSession.catalog, store: project.store,
                configuration: configuration, params: params
            )
            .differences(from: try Lockfile(text: text, path: lockPath))
            if !differences.isEmpty {
                throw CommandFailure(
                    message: "--frozen: the pipeline no longer matches \(lockPath):\n  "
                        + differences.joined(separator: "\n  "),
                    status: ExitStatus.failed)
            }
        }
        let reporter: any RunReporter =
            json ? JSONLinesReporter() : ConsoleReporter(live: Terminal.isInteractive, verbose: verbose)
        let engine = RunEngine(
            graph: session.graph, catalog: PipelineSession.catalog, implementations: BuiltinSteps.implementationsByName,
            store: project.store, records: project.records, configuration: configuration, params: params,
            reporter: reporter)

        let task = Task { try await engine.run() }
        let signals = SignalForwarder { task.cancel() }
        defer { signals.stop() }
        let summary: RunSummary
        do {
            summary = try await task.value
        } catch let failure as StepFailure {
            throw CommandFailure.invalid(failure.message)
        }
        try project.store.statCache.save()
        if let repository = session.origin.repository, let commit = session.origin.commit {
            let info = GitInfo(repository: repository.workTree.path, commit: commit.id, isDirty: session.origin.isDirty)
            try await project.records.setGitInfo(info, for: RunID(summary.run))
        }
        if summary.status != "succeeded" { throw ExitCode(ExitStatus.failed) }
        // A complete run of the work tree's pipeline pins itself in the lockfile (never for FILE@REV:
        // the work tree is not touched; never for --only/--from: the lockfile would be partial).
        if revision == nil, only.isEmpty, from == nil {
            let lockfile = try await Lockfile.of(
                run: RunID(summary.run), records: project.records, store: project.store)
            try AtomicText.write(lockfile.text, to: lockPath)
            if !json { Terminal.writeError("lockfile: \(lockPath)\n") }
        }
        project.store.removeIdleWorkDirectories()
        ProcessLifetime.keep(engine)
        ProcessLifetime.keep(project)
    }
}

/// Cancels a run on SIGINT or SIGTERM (a second signal exits at once).
final class SignalForwarder: @unchecked Sendable {
    // Safe: `sources` is written once in init and only read (to cancel them) afterwards.
    private let sources: [any DispatchSourceSignal]

    init(_ cancel: @escaping @Sendable () -> Void) {
        let queue = DispatchQueue(label: "risa.signals")
        var sources: [DispatchSourceSignal] = []
        for number in [SIGINT, SIGTERM] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
            let count = Counter()
            source.setEventHandler {
                if count.increment() > 1 { Foundation.exit(130) }
                Terminal.writeError("\nrisa: cancelling (stopping running steps; press Ctrl-C again to quit at once)\n")
                cancel()
            }
            source.resume()
            sources.append(source)
        }
        self.sources = sources
    }

    func stop() {
        for source in sources { source.cancel() }
        signal(SIGINT, SIG_DFL)
        signal(SIGTERM, SIG_DFL)
    }

    /// Counts signals; only touched on the signal queue.
    private final class Counter: @unchecked Sendable {
        // Safe: every access happens on the one serial queue that delivers the signals.
        private var value = 0
        func increment() -> Int {
            value += 1
            return value
        }
    }
}

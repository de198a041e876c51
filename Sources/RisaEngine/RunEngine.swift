import Foundation
import RisaCore
import RisaGraph
import RisaModel
import RisaState
import RisaSteps
import RisaStore

/// Runs a pipeline's graph: schedules steps in parallel within their resource tokens, takes what
/// it can from the cache, records everything in the run records, and reports progress.
///
/// ```swift
/// let engine = RunEngine(graph: graph, catalog: catalog, implementations: BuiltinSteps.implementations,
///                        store: store, records: records, configuration: configuration,
///                        params: params, reporter: reporter)
/// let summary = try await engine.run()
/// ```
public struct RunEngine: Sendable {
    let graph: StepGraph
    let catalog: StepCatalog
    let implementations: [String: any StepImplementation]
    let store: any ContentStore
    let records: any RunRecordStore
    let configuration: EngineConfiguration
    let params: [String: Value]
    let reporter: any RunReporter

    /// Creates an engine for one run.
    public init(
        graph: StepGraph, catalog: StepCatalog, implementations: [String: any StepImplementation],
        store: any ContentStore,
        records: any RunRecordStore, configuration: EngineConfiguration, params: [String: Value],
        reporter: any RunReporter
    ) {
        self.graph = graph
        self.catalog = catalog
        self.implementations = implementations
        self.store = store
        self.records = records
        self.configuration = configuration
        self.params = params
        self.reporter = reporter
    }

    /// The pipeline's name.
    var pipelineName: String { graph.scopes[0].pipeline.name }

    /// Runs the selected steps; cancelling the calling task cancels the run cleanly.
    /// - Throws: `StepFailure` for an invalid selection; store and record errors.
    public func run() async throws -> RunSummary {
        // Records remembered from an earlier run in this process are read from disk again.
        store.forgetRecentActionRecords()
        let selection = try RunSelection(
            graph: graph, only: configuration.only, from: configuration.from, force: configuration.force)
        let started = Date()
        let runID = RunID.make(startedAt: started)
        let nodes = graph.nodes.filter { selection.included.contains($0.id) }
        let record = RunRecord(
            id: runID, pipelineName: pipelineName, pipelinePath: configuration.pipelinePath, params: .map(params),
            startedAt: started, risaVersion: configuration.risaVersion,
            environmentFingerprint: CanonicalJSON.string(.map(libraryVersions(of: nodes).mapValues(Value.string))),
            process: ProcessIdentity.current())
        // The run's records are written even when the task is cancelled at once, so that every run
        // that started is found in `risa runs` with how it ended.
        try await RunRecorder.uncancelled { [records] in
            _ = try? await records.recoverInterruptedRuns(probe: SystemProcessProbe(), at: started)
            try await records.createRun(record)
            // Every step is recorded as pending first, so attempts and logs always have their step.
            try await records.saveSteps(nodes.map { StepRecord(runID: runID, stepID: $0.id, type: $0.type) })
        }
        reporter.report(.runStarted(run: runID.rawValue, pipeline: pipelineName, steps: nodes.count))

        let previousKeys = await PreviousKeys.load(
            records: records, pipelinePath: configuration.pipelinePath,
            foreachSteps: Set(nodes.filter { $0.step.foreach != nil }.map(\.id)))
        let recorder = RunRecorder(records: records, runID: runID)
        async let recordsWritten: Void = recorder.writeInBackground()
        recorder.event(.runStarted(run: runID.rawValue, pipeline: pipelineName, steps: nodes.count))
        let publisher = OutputPublisher(
            base: configuration.outputDirectory.appendingPathComponent(pipelineName), store: store)
        let slots = ProcessSlots(configuration.jobs)
        var machine = SchedulerStateMachine(
            nodes: nodes.map { node in
                SchedulerStateMachine.Node(
                    id: node.id, dependencies: node.dependencies.filter(selection.included.contains),
                    dataDependencies: Set(node.dataDependencies),
                    resources: .init(
                        cpu: node.step.resources.cpu, gpu: node.step.resources.gpu, memory: node.step.resources.memory),
                    toleratesFailure: node.step.onError == .continue || node.step.onError == .skipItem)
            },
            capacity: .init(cpu: configuration.jobs, gpu: configuration.gpus, memory: configuration.memory),
            keepGoing: configuration.keepGoing)

        var outputs: [String: NodeOutputs] = [:]
        var summaries: [String: StepSummary] = [:]
        var outcome = SchedulerStateMachine.RunOutcome.succeeded
        await withTaskGroup(of: NodeResult.self) { group in
            var actions = machine.start()
            while true {
                for action in actions {
                    switch action {
                    case .start(let id):
                        let node = graph.node(id)!
                        // Only the outputs the node reads: copying the whole table per node would be
                        // quadratic in the number of steps.
                        var upstream: [String: NodeOutputs] = [:]
                        for dependency in node.dataDependencies { upstream[dependency] = outputs[dependency] }
                        let runner = nodeRunner(
                            node, outputs: upstream, selection: selection, publisher: publisher,
                            slots: slots, recorder: recorder, runID: runID, previousKeys: previousKeys)
                        group.addTask { await runner.run() }
                    case .finishRun(let result):
                        outcome = result
                    }
                }
                let next: NodeResult?
                if Task.isCancelled {
                    actions = machine.cancel()
                    for action in actions { if case .finishRun(let result) = action { outcome = result } }
                    next = await group.next()
                    if next == nil { break }
                } else {
                    next = await group.next()
                }
                guard let result = next else { break }
                outputs[result.summary.id] = result.outputs
                summaries[result.summary.id] = result.summary
                reporter.report(.stepFinished(result.summary))
                recorder.event(.stepFinished(result.summary))
                if !result.items.isEmpty { recorder.items(step: result.summary.id, result.items) }
                recorder.stepFinished(result.summary, key: result.actionKey)
                actions = machine.finished(result.summary.id, result.completion)
                if Task.isCancelled {
                    actions += machine.cancel()
                }
            }
        }
        for (id, state) in machine.allStates where summaries[id] == nil {
            let node = graph.node(id)!
            let (status, reason): (String, String)
            switch state {
            case .skipped(let why): (status, reason) = ("skipped", why)
            case .cancelled: (status, reason) = ("cancelled", "the run was cancelled")
            case .failed: (status, reason) = ("failed", machine.unsatisfiable(id) ?? "failed")
            default: (status, reason) = ("skipped", "not reached")
            }
            var summary = StepSummary(
                id: id, type: node.type, status: status, reason: reason, total: 0, ran: 0, cached: 0,
                failed: status == "failed" ? 1 : 0, duration: 0, outputs: [:], error: status == "failed" ? reason : nil)
            summary.total = 0
            summaries[id] = summary
            reporter.report(.stepFinished(summary))
            recorder.event(.stepFinished(summary))
            recorder.stepFinished(summary, key: nil)
        }
        if Task.isCancelled { outcome = .cancelled }
        // The run's results reach the disk before the run is recorded as finished.
        do {
            try store.flushToDisk()
        } catch {
            FileHandle.standardError.write(Data("risa: warning: cannot flush the store to disk: \(error)\n".utf8))
        }
        let summary = RunSummary(
            run: runID.rawValue, status: outcome.rawValue, steps: nodes.compactMap { summaries[$0.id] },
            duration: Date().timeIntervalSince(started), outputFolder: publisher.base.path)
        let summaryJSON = summary.json
        recorder.event(kind: "run_finished", payload: summaryJSON)
        recorder.finishWriting()
        await recordsWritten
        await recorder.flush()
        let status: RunStatus = outcome == .succeeded ? .succeeded : (outcome == .failed ? .failed : .cancelled)
        try await RunRecorder.uncancelled { [records] in
            try await records.finishRun(runID, status: status, at: Date(), summary: summaryJSON)
        }
        reporter.report(.runFinished(summary))
        return summary
    }

    /// The versions of the native libraries the given steps use, for the run record: a run lists
    /// what its steps' outputs can depend on, and never loads a library none of them uses.
    private func libraryVersions(of nodes: [GraphNode]) -> [String: String] {
        configuration.libraryVersions.versions(of: Set(nodes.flatMap { catalog[$0.type]?.libraries ?? [] }))
    }

    private func nodeRunner(
        _ node: GraphNode, outputs: [String: NodeOutputs], selection: RunSelection, publisher: OutputPublisher,
        slots: ProcessSlots, recorder: RunRecorder, runID: RunID, previousKeys: PreviousKeys
    ) -> NodeRunner {
        let spec = catalog[node.type]!
        let binder = ArgumentBinder(
            graph: graph, params: params, projectRoot: configuration.projectRoot, outputs: outputs,
            publisher: publisher,
            secrets: { [secrets = configuration.secrets] in secrets[$0] }, environment: configuration.environment,
            run: ["id": runID.rawValue, "pipeline": pipelineName], store: store)
        let redactor = SecretRedactor(secrets: Array(configuration.secrets.values))
        let reporter = self.reporter
        let stepId = node.id
        let log: @Sendable (LogChannel, String) -> Void = { channel, line in
            let safe = redactor.redact(line)
            reporter.report(.log(step: stepId, channel: channel.rawValue, line: safe))
            recorder.log(step: stepId, channel: channel, line: safe)
        }
        let actions = ActionRunner(
            store: store, implementation: implementations[node.type]!, projectRoot: configuration.projectRoot,
            processSlots: slots,
            log: log,
            attemptFinished: { number, start, end, error in
                recorder.attempt(
                    step: stepId, number: number, started: start, finished: end, error: error.map(redactor.redact))
            })
        var bypass: String?
        let replayOnly = configuration.replayOnly.contains(node.id)
        if !replayOnly {
            if configuration.noCache { bypass = "cache reads are off (--no-cache)" }
            if !node.step.cache { bypass = "cache: false" }
            if selection.forced.contains(node.id) { bypass = "forced" }
        }
        let fingerprint = configuration.libraryVersions.versions(of: spec.libraries)
        return NodeRunner(
            node: node, spec: spec, binder: binder, actions: actions, publisher: publisher, pipeline: pipelineName,
            bypassReason: bypass, replayOnly: replayOnly, jobs: configuration.jobs, environmentFingerprint: fingerprint,
            previousKeys: previousKeys,
            reporter: reporter)
    }
}

/// Replaces secret values in text with `***`.
struct SecretRedactor: Sendable {
    let secrets: [String]

    init(secrets: [String]) {
        // Longest first, so a secret that contains another is replaced whole.
        self.secrets = secrets.filter { $0.count >= 3 }.sorted { $0.count > $1.count }
    }

    func redact(_ text: String) -> String {
        var result = text
        for secret in secrets where result.contains(secret) {
            result = result.replacingOccurrences(of: secret, with: "***")
        }
        return result
    }
}

import Foundation
import RisaCore
import RisaGraph
import RisaModel
import RisaState
import RisaSteps
import RisaStore

/// Re-executes a pipeline from scratch in an isolated store (no cache reuse) and compares every
/// output digest with a lockfile or a run's record.
///
/// Steps whose type is not deterministic (training, GPU jobs, unpinned downloads) are not run
/// again: their recorded outputs are copied from the reference store, each blob hashed again on
/// the way, and replayed from there, so the steps after them are verified on the recorded bytes.
/// When the inputs of such a step differ from the recorded run, it cannot be replayed, and that
/// is reported as drift.
///
/// ```swift
/// let verifier = Verifier(graph: graph, catalog: catalog, implementations: implementations,
///                         configuration: configuration, referenceStore: project.store)
/// let verification = try await verifier.verify(lockfile, params: params, reporter: reporter)
/// if let drift = verification.firstDivergence { print("drift: \(drift)") }
/// ```
public struct Verifier: Sendable {
    /// The pipeline's DAG.
    public var graph: StepGraph
    /// The step registry.
    public var catalog: StepCatalog
    /// Step implementations by type name.
    public var implementations: [String: any StepImplementation]
    /// The project root, environment, secrets, jobs and library versions to run with; the output
    /// folder and the cache settings are the verifier's own.
    public var configuration: EngineConfiguration
    /// The store holding the recorded outputs (the project's store), if there is one.
    public var referenceStore: LocalStore?

    /// Creates a verifier.
    public init(
        graph: StepGraph, catalog: StepCatalog, implementations: [String: any StepImplementation],
        configuration: EngineConfiguration, referenceStore: LocalStore?
    ) {
        self.graph = graph
        self.catalog = catalog
        self.implementations = implementations
        self.configuration = configuration
        self.referenceStore = referenceStore
    }

    /// Runs the verification.
    /// - Parameters:
    ///   - expected: the lockfile (or a run's lockfile) to compare with.
    ///   - params: the params to run with (normally the expected side's).
    /// - Throws: when the isolated store cannot be made, or the recorded outputs of a step that is
    ///   not deterministic are missing or corrupt in the reference store.
    public func verify(
        _ expected: Lockfile, params: [String: Value], reporter: any RunReporter
    ) async throws -> Verification {
        let isolated = FileManager.default.temporaryDirectory.appendingPathComponent("risa-verify-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: isolated) }
        let store = try LocalStore(root: isolated.appendingPathComponent("store"))
        let records = try SQLiteRunRecordStore(path: isolated.appendingPathComponent("state.db").path)
        let replayed = try importRecordedResults(expected, into: store)

        var configuration = self.configuration
        configuration.outputDirectory = isolated.appendingPathComponent("out")
        configuration.noCache = true
        configuration.replayOnly = Set(replayed)
        let engine = RunEngine(
            graph: graph, catalog: catalog, implementations: implementations, store: store, records: records,
            configuration: configuration, params: params, reporter: reporter)
        let summary = try await engine.run()
        let actual = try await Lockfile.of(
            run: RunID(summary.run), records: records, store: store, finishedStepsOnly: true)
        let comparison = LockfileComparison(
            expected: expected, actual: actual, expectedStore: referenceStore, actualStore: store)
        let order = graph.nodes.map(\.id)
        var failures: [String] = []
        for step in summary.steps where step.status == "failed" {
            failures.append("step '\(step.id)' failed: \(step.error ?? "no message")")
        }
        return Verification(
            runStatus: summary.status, stepCount: order.count, replayed: replayed.sorted(),
            firstDivergence: comparison.firstDivergence(order: order), details: comparison.details(order: order),
            failures: failures)
    }

    /// Copies the recorded results of every step that is not deterministic into `store` (with the
    /// blobs they name, checked by hashing), and returns those steps' ids.
    private func importRecordedResults(_ expected: Lockfile, into store: LocalStore) throws -> [String] {
        var replayed: [String] = []
        for node in graph.nodes {
            guard let spec = catalog[node.type], !spec.deterministic else { continue }
            guard let actions = expected.steps[node.id], !actions.isEmpty else { continue }
            guard let reference = referenceStore else {
                throw StepFailure(
                    "step '\(node.id)' (\(node.type)) is not deterministic and there is no store with its recorded "
                        + "outputs to check them against", retryable: false)
            }
            for action in actions {
                guard let record = try reference.actionRecord(for: action.key),
                    case .map(let outputs) = record["outputs"] ?? .null
                else {
                    throw StepFailure(
                        "step '\(node.id)' (\(node.type)) is not deterministic and its recorded result "
                            + "\(action.key.short) is no longer in the store: it cannot be verified", retryable: false)
                }
                do {
                    for (_, output) in outputs {
                        guard let artifact = Artifact(record: output) else { continue }
                        let kind: StoredKind =
                            switch artifact.kind {
                            case .file: .blob
                            case .tree: .tree
                            case .items: .itemSet
                            }
                        try store.importVerified(artifact.digest, kind: kind, from: reference)
                    }
                } catch {
                    throw StepFailure(
                        "step '\(node.id)': its recorded outputs cannot be checked: \(error)", retryable: false)
                }
                try store.recordAction(record, for: action.key)
            }
            replayed.append(node.id)
        }
        return replayed
    }
}

/// What a verification found.
public struct Verification: Sendable {
    /// How the isolated run ended (`succeeded`, `failed`, `cancelled`).
    public var runStatus: String
    /// How many steps the pipeline has.
    public var stepCount: Int
    /// Steps checked by their recorded outputs instead of re-execution.
    public var replayed: [String]
    /// The first step whose outputs differ, described; nil when every output matches.
    public var firstDivergence: String?
    /// One line per differing output and item.
    public var details: [String]
    /// The steps that failed in the isolated run, with their errors.
    public var failures: [String]

    /// Whether every output matched and the run succeeded.
    public var matches: Bool { firstDivergence == nil && runStatus == "succeeded" }
}

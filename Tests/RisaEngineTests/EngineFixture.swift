import Foundation
import RisaCore
import RisaEngine
import RisaGraph
import RisaModel
import RisaState
import RisaSteps
import RisaStore
import Synchronization
import Testing

/// Collects engine events.
final class CollectingReporter: RunReporter {
    let events = Mutex<[EngineEvent]>([])

    func report(_ event: EngineEvent) {
        events.withLock { $0.append(event) }
    }

    var logLines: [String] {
        events.withLock { events in
            events.compactMap { if case .log(_, _, let line) = $0 { return line } else { return nil } }
        }
    }
}

/// A project in a temporary folder: a pipeline file, a store, run records and an output folder.
struct EngineFixture {
    let root: URL
    let store: LocalStore
    let records: SQLiteRunRecordStore
    /// The step types pipelines may use: the built-in ones plus test steps.
    let implementations: [any StepImplementation]

    init(extraSteps: [any StepImplementation] = []) throws {
        implementations = BuiltinSteps.implementations + extraSteps
        root = FileManager.default.temporaryDirectory.appendingPathComponent("risa-engine-\(UUID().uuidString)")
        try FileManager.default.createDirectory(
            at: root.appendingPathComponent(".risa"), withIntermediateDirectories: true)
        store = try LocalStore(root: root.appendingPathComponent(".risa/store"))
        records = try SQLiteRunRecordStore(path: root.appendingPathComponent(".risa/state.db").path)
    }

    /// Writes `text` to `path` under the project.
    func write(_ path: String, _ text: String) throws {
        let url = root.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        // Atomic: two runs started at once both write the pipeline file while the other reads it.
        try Data(text.utf8).write(to: url, options: .atomic)
    }

    /// Reads a file under the project.
    func read(_ path: String) throws -> String {
        try String(contentsOf: root.appendingPathComponent(path), encoding: .utf8)
    }

    /// Loads `p.yaml`, failing the test on any diagnostic.
    func graph(_ pipeline: String) throws -> StepGraph {
        try write("p.yaml", pipeline)
        let (bundle, problems) = PipelineLoader(reader: FileSystemSourceReader(root: root)).load("p.yaml")
        let loaded = try #require(bundle, "\(problems)")
        let validation = PipelineValidator(catalog: StepCatalog(implementations.map(\.spec))).validate(loaded)
        #expect((problems + validation).isEmpty, "\(problems + validation)")
        let (graph, graphProblems) = GraphBuilder.build(loaded)
        return try #require(graph, "\(graphProblems)")
    }

    /// Runs `pipeline` and returns the summary.
    @discardableResult
    func run(
        _ pipeline: String, params: [String: Value] = [:], reporter: CollectingReporter = CollectingReporter(),
        through otherStore: (any ContentStore)? = nil,
        configure: (inout EngineConfiguration) -> Void = { _ in }
    ) async throws -> RunSummary {
        let graph = try graph(pipeline)
        var configuration = EngineConfiguration(
            projectRoot: root, outputDirectory: root.appendingPathComponent("out"),
            pipelinePath: "p.yaml", jobs: 2)
        configure(&configuration)
        var resolved = params
        for param in graph.scopes[0].pipeline.params where resolved[param.name] == nil {
            if let value = param.defaultValue { resolved[param.name] = value }
        }
        let engine = RunEngine(
            graph: graph, catalog: StepCatalog(implementations.map(\.spec)),
            implementations: Dictionary(uniqueKeysWithValues: implementations.map { ($0.spec.name, $0) }),
            store: otherStore ?? store, records: records, configuration: configuration, params: resolved,
            reporter: reporter)
        return try await engine.run()
    }

    func remove() {
        if let enumerator = FileManager.default.enumerator(atPath: root.path) {
            for case let path as String in enumerator { chmod(root.appendingPathComponent(path).path, 0o755) }
        }
        try? FileManager.default.removeItem(at: root)
    }
}

extension RunSummary {
    /// The status of each step by id.
    var statuses: [String: String] {
        Dictionary(uniqueKeysWithValues: steps.map { ($0.id, $0.status) })
    }

    /// The summary of step `id`.
    func step(_ id: String) -> StepSummary? { steps.first { $0.id == id } }
}

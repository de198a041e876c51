import Foundation
import RisaCore
import RisaEngine
import RisaGraph
import RisaModel
import RisaState
import RisaSteps
import RisaStore
import RisaTags
import Synchronization
import Testing

/// Collects the engine's log lines.
final class LogCollector: RunReporter {
    let events = Mutex<[EngineEvent]>([])

    func report(_ event: EngineEvent) {
        events.withLock { $0.append(event) }
    }

    var lines: [String] {
        events.withLock { events in
            events.compactMap { if case .log(_, _, let line) = $0 { return line } else { return nil } }
        }
    }
}

/// A project in a temporary folder with its own store, run records and output folder: the tag and
/// dataset steps run in real pipelines on a real engine.
struct Project {
    let root: URL
    let store: LocalStore
    let records: SQLiteRunRecordStore

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("risa-tagsteps-\(UUID().uuidString)")
        try FileManager.default.createDirectory(
            at: root.appendingPathComponent(".risa"), withIntermediateDirectories: true)
        store = try LocalStore(root: root.appendingPathComponent(".risa/store"))
        records = try SQLiteRunRecordStore(path: root.appendingPathComponent(".risa/state.db").path)
    }

    func url(_ path: String) -> URL { root.appendingPathComponent(path) }

    /// Writes `bytes` to `path` under the project.
    func write(_ path: String, bytes: [UInt8]) throws {
        let url = url(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(bytes).write(to: url)
    }

    /// Writes `text` to `path` under the project.
    func write(_ path: String, _ text: String) throws {
        try write(path, bytes: Array(text.utf8))
    }

    /// Reads a text file under the project.
    func read(_ path: String) throws -> String {
        try String(contentsOf: url(path), encoding: .utf8)
    }

    /// Runs `pipeline` (written as `p.yaml`), failing the test on a validation problem.
    @discardableResult
    func run(
        _ pipeline: String, params given: [String: Value] = [:], reporter: LogCollector = LogCollector()
    )
        async throws -> RunSummary
    {
        try write("p.yaml", pipeline)
        let (bundle, problems) = PipelineLoader(reader: FileSystemSourceReader(root: root)).load("p.yaml")
        let loaded = try #require(bundle, "\(problems)")
        let validation = PipelineValidator(catalog: BuiltinSteps.catalog).validate(loaded)
        #expect((problems + validation).isEmpty, "\(problems + validation)")
        let (built, graphProblems) = GraphBuilder.build(loaded)
        let graph = try #require(built, "\(graphProblems)")
        let configuration = EngineConfiguration(
            projectRoot: root, outputDirectory: url("out"), pipelinePath: "p.yaml", jobs: 2)
        var params = given
        for param in graph.scopes[0].pipeline.params {
            if params[param.name] == nil, let value = param.defaultValue { params[param.name] = value }
        }
        let engine = RunEngine(
            graph: graph, catalog: BuiltinSteps.catalog, implementations: BuiltinSteps.implementationsByName,
            store: store,
            records: records, configuration: configuration, params: params, reporter: reporter)
        return try await engine.run()
    }

    /// The items of output `output` of step `step` in `summary`, by name.
    func items(_ summary: RunSummary, _ step: String, _ output: String = "images") throws -> [String: Item] {
        let digest = try #require(summary.step(step)?.outputs[output]?.first?.digest, "\(step) has no output \(output)")
        return Dictionary(uniqueKeysWithValues: try store.itemSet(digest).items.map { ($0.name, $0) })
    }

    /// The tag names of an item.
    func tagNames(_ item: Item?) throws -> [String] {
        try TagMetadata.tags(in: try #require(item).metadata).map(\.name)
    }

    func remove() {
        if let enumerator = FileManager.default.enumerator(atPath: root.path) {
            for case let path as String in enumerator { chmod(root.appendingPathComponent(path).path, 0o755) }
        }
        try? FileManager.default.removeItem(at: root)
    }
}

extension RunSummary {
    func step(_ id: String) -> StepSummary? { steps.first { $0.id == id } }

    /// How many items of step `id` ran and were cached.
    func counts(_ id: String) -> (ran: Int, cached: Int)? {
        guard let step = step(id) else { return nil }
        return (step.ran, step.cached)
    }
}

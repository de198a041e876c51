import Foundation
import RisaCore
import RisaEngine
import RisaGraph
import RisaModel
import RisaState
import RisaSteps
import RisaStore
import Testing

/// Ignores engine events.
struct SilentReporter: RunReporter {
    func report(_ event: EngineEvent) {}
}

/// A project in a temporary folder run by a real engine with the built-in steps: a pipeline file,
/// a store, run records and an output folder.
struct EngineProject {
    let root: URL
    let store: LocalStore
    let records: SQLiteRunRecordStore

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("risa-steps-engine-\(UUID().uuidString)")
        try FileManager.default.createDirectory(
            at: root.appendingPathComponent(".risa"), withIntermediateDirectories: true)
        store = try LocalStore(root: root.appendingPathComponent(".risa/store"))
        records = try SQLiteRunRecordStore(path: root.appendingPathComponent(".risa/state.db").path)
    }

    /// Writes `bytes` at `path` under the project.
    func write(_ path: String, _ bytes: [UInt8]) throws {
        let url = root.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(bytes).write(to: url)
    }

    /// Runs `pipeline` (written as `p.yaml`) with `--jobs 2`, failing the test on any diagnostic.
    @discardableResult
    func run(_ pipeline: String) async throws -> RunSummary {
        try write("p.yaml", Array(pipeline.utf8))
        let (bundle, problems) = PipelineLoader(reader: FileSystemSourceReader(root: root)).load("p.yaml")
        let loaded = try #require(bundle, "\(problems)")
        let validation = PipelineValidator(catalog: BuiltinSteps.catalog).validate(loaded)
        #expect((problems + validation).isEmpty, "\(problems + validation)")
        let (built, graphProblems) = GraphBuilder.build(loaded)
        let graph = try #require(built, "\(graphProblems)")
        let configuration = EngineConfiguration(
            projectRoot: root, outputDirectory: root.appendingPathComponent("out"),
            pipelinePath: "p.yaml", jobs: 2)
        let engine = RunEngine(
            graph: graph, catalog: BuiltinSteps.catalog, implementations: BuiltinSteps.implementationsByName,
            store: store, records: records, configuration: configuration, params: [:],
            reporter: SilentReporter())
        return try await engine.run()
    }

    /// The item set that `step` gave as `output` in `summary`.
    func itemSet(_ summary: RunSummary, step: String, output: String) throws -> ItemSet {
        let digest = try #require(summary.steps.first { $0.id == step }?.outputs[output]?.first?.digest)
        return try store.itemSet(digest)
    }

    func remove() {
        try? FileManager.default.removeItem(at: root)
    }
}

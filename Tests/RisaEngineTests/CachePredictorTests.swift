import Foundation
import RisaEngine
import RisaSteps
import Testing

@Suite struct CachePredictorTests {
    private func predict(
        _ project: EngineFixture, _ pipeline: String
    ) async throws -> [String: CachePredictor.Prediction] {
        let graph = try project.graph(pipeline)
        let configuration = EngineConfiguration(
            projectRoot: project.root, outputDirectory: project.root.appendingPathComponent("out"),
            pipelinePath: "p.yaml")
        return await CachePredictor(
            graph: graph, catalog: BuiltinSteps.catalog, implementations: BuiltinSteps.implementationsByName,
            store: project.store, records: project.records, configuration: configuration, params: [:]
        ).predict()
    }

    @Test func saysWhatWillRunAndWhy() async throws {
        let project = try EngineFixture()
        defer { project.remove() }
        try project.write("data/a.txt", "a")
        let before = try await predict(project, RunEngineTests.chain)
        #expect(before["make"] == .init(willRun: true, reason: "first run (no cache entry)"))
        #expect(
            before["count"]
                == .init(willRun: true, reason: "after 'make' runs (cached then if its outputs do not change)"))
        try await project.run(RunEngineTests.chain)
        #expect(try await predict(project, RunEngineTests.chain).values.allSatisfy { !$0.willRun })
        try project.write("data/a.txt", "changed")
        let after = try await predict(project, RunEngineTests.chain)
        #expect(after["make"] == .init(willRun: true, reason: "argument 'inputs' changed (content of 'data' changed)"))
        #expect(after["report"]?.willRun == true)
        let edited = RunEngineTests.chain.replacingOccurrences(of: "wc -l", with: "wc -l -")
        try project.write("data/a.txt", "a")
        let commandChanged = try await predict(project, edited)
        #expect(commandChanged["make"] == .init(willRun: false, reason: "cached"))
        #expect(commandChanged["count"] == .init(willRun: true, reason: "argument 'run' changed"))
    }
}

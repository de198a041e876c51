import Foundation
import RisaCore
import RisaEngine
import RisaState
import RisaSteps
import Testing

@Suite struct LockfileTests {
    private func lockfile(_ project: EngineFixture) async throws -> Lockfile {
        let run = try #require(try await project.records.listRuns(limit: 1).first)
        return try await Lockfile.of(run: run.id, records: project.records, store: project.store)
    }

    private func check(_ project: EngineFixture, _ pipeline: String, against lockfile: Lockfile) throws -> [String] {
        let configuration = EngineConfiguration(
            projectRoot: project.root, outputDirectory: project.root.appendingPathComponent("out"),
            pipelinePath: "p.yaml")
        return FrozenCheck(
            graph: try project.graph(pipeline), catalog: BuiltinSteps.catalog, store: project.store,
            configuration: configuration, params: [:]
        ).differences(from: lockfile)
    }

    @Test func pinsKeysArgumentsAndOutputsAndRoundTrips() async throws {
        let project = try EngineFixture()
        defer { project.remove() }
        try project.write("data/a.txt", "a")
        let summary = try await project.run(RunEngineTests.chain)
        let lockfile = try await lockfile(project)
        #expect(Set(lockfile.steps.keys) == ["make", "count", "report"])
        let report = try #require(lockfile.steps["report"]?.first)
        #expect(report.outputs["report"] == summary.step("report")?.outputs["report"]?.first?.digest)
        let make = try #require(lockfile.steps["make"]?.first)
        #expect(make.arguments["inputs"]?["data"]?.stringValue?.hasPrefix("sha256:") == true)
        #expect(try Lockfile(text: lockfile.text, path: "p.lock") == lockfile)
        #expect(lockfile.text == (try await self.lockfile(project)).text)
    }

    @Test func frozenCheckPassesUntilAnInputChangesAndNamesTheStep() async throws {
        let project = try EngineFixture()
        defer { project.remove() }
        try project.write("data/a.txt", "a")
        try await project.run(RunEngineTests.chain)
        let lockfile = try await lockfile(project)
        try FileManager.default.removeItem(at: project.root.appendingPathComponent("out"))
        #expect(try check(project, RunEngineTests.chain, against: lockfile) == [])
        try project.write("data/a.txt", "drifted")
        #expect(
            try check(project, RunEngineTests.chain, against: lockfile) == [
                "step 'make': argument 'inputs' changed (content of 'data' changed)"
            ])
        let extended = RunEngineTests.chain + "\n  extra:\n    uses: text.write\n    with: {text: x}\n"
        try project.write("data/a.txt", "a")
        #expect(try check(project, extended, against: lockfile) == ["step 'extra' is not in the lockfile"])
    }

    @Test func refusesFilesThatAreNotLockfiles() {
        #expect(throws: StepFailure.self) { try Lockfile(text: "{}", path: "x.lock") }
        #expect(throws: StepFailure.self) { try Lockfile(text: "not json", path: "x.lock") }
    }

    @Test func lockfilePathSitsBesideThePipeline() {
        #expect(Lockfile.path(forPipeline: "pipelines/lora.yaml") == "pipelines/lora.lock")
        #expect(Lockfile.path(forPipeline: "p.yml") == "p.lock")
    }
}

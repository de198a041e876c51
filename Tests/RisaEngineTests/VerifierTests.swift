import Foundation
import RisaCore
import RisaEngine
import RisaModel
import RisaState
import RisaSteps
import RisaStore
import Testing

/// `Verifier`: deterministic steps re-executed in an isolated store, steps that are not
/// deterministic checked by their recorded outputs, drift named.
@Suite struct VerifierTests {
    static let pipeline = """
        steps:
          rand:
            uses: test.random
            with: {seed_file: data/seed.txt}
          combine:
            uses: shell
            with:
              inputs: {random: "${{ steps.rand.outputs.file }}", data: data/x.txt}
              run: cat "$IN_random" "$IN_data" | od -An -tx1 > "$OUT/combined.txt"
              outputs: {combined: combined.txt}
        """

    private func fixture() throws -> EngineFixture {
        let project = try EngineFixture(extraSteps: [RandomStep()])
        try project.write("data/seed.txt", "1\n")
        try project.write("data/x.txt", "x\n")
        return project
    }

    /// Runs the pipeline in `project` and returns its lockfile.
    private func recordedRun(_ project: EngineFixture) async throws -> Lockfile {
        let summary = try await project.run(Self.pipeline)
        #expect(summary.status == "succeeded")
        return try await Lockfile.of(run: RunID(summary.run), records: project.records, store: project.store)
    }

    private func verifier(_ project: EngineFixture) throws -> Verifier {
        let graph = try project.graph(Self.pipeline)
        let configuration = EngineConfiguration(
            projectRoot: project.root, outputDirectory: project.root.appendingPathComponent("unused"),
            pipelinePath: "p.yaml", jobs: 2)
        return Verifier(
            graph: graph, catalog: StepCatalog(project.implementations.map(\.spec)),
            implementations: Dictionary(uniqueKeysWithValues: project.implementations.map { ($0.spec.name, $0) }),
            configuration: configuration, referenceStore: project.store)
    }

    @Test func stepsThatAreNotDeterministicAreReplayedAndTheRestReExecuted() async throws {
        let project = try fixture()
        defer { project.remove() }
        let lockfile = try await recordedRun(project)
        let verification = try await verifier(project).verify(lockfile, params: [:], reporter: CollectingReporter())
        #expect(verification.matches)
        #expect(verification.replayed == ["rand"])
        #expect(verification.firstDivergence == nil)
    }

    @Test func aChangedInputIsDriftNamedAtTheFirstStepItChanges() async throws {
        let project = try fixture()
        defer { project.remove() }
        let lockfile = try await recordedRun(project)
        try project.write("data/x.txt", "changed\n")
        let verification = try await verifier(project).verify(lockfile, params: [:], reporter: CollectingReporter())
        #expect(!verification.matches)
        #expect(verification.firstDivergence == "step 'combine' produced different outputs")
        #expect(verification.details.contains { $0.hasPrefix("step 'combine' output 'combined'") })
    }

    @Test func aStepThatIsNotDeterministicWithNewInputsCannotBeReplayed() async throws {
        let project = try fixture()
        defer { project.remove() }
        let lockfile = try await recordedRun(project)
        try project.write("data/seed.txt", "2\n")
        let verification = try await verifier(project).verify(lockfile, params: [:], reporter: CollectingReporter())
        #expect(verification.runStatus == "failed")
        #expect(
            verification.failures.contains {
                $0.contains("not re-executed: step type 'test.random' is not deterministic")
            })
        #expect(verification.firstDivergence == "step 'rand' produced different outputs")
    }

    @Test func recordedOutputsThatNoLongerHashToTheirDigestAreRefused() async throws {
        let project = try fixture()
        defer { project.remove() }
        let lockfile = try await recordedRun(project)
        let digest = try #require(lockfile.steps["rand"]?.first?.outputs["file"])
        let blob = try #require(
            FileManager.default.enumerator(atPath: project.store.root.path)?.allObjects
                .compactMap { $0 as? String }.first { $0.hasSuffix(digest.hex) })
        let path = project.store.root.appendingPathComponent(blob).path
        chmod(path, 0o644)
        try Data("tampered".utf8).write(to: URL(fileURLWithPath: path))
        await #expect {
            _ = try await verifier(project).verify(lockfile, params: [:], reporter: CollectingReporter())
        } throws: { error in
            "\(error)".contains("step 'rand': its recorded outputs cannot be checked")
                && "\(error)".contains("no longer holds")
        }
    }
}

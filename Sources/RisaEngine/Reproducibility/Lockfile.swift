import Foundation
import RisaCore
import RisaState
import RisaSteps
import RisaStore

/// What a successful run pins down, written beside the pipeline as `<pipeline>.lock` and meant to
/// be committed: per step its action key, its arguments in key form (inputs as content digests,
/// secrets as their names) and its output digests. Stable, sorted, pretty JSON, so diffs read well.
public struct Lockfile: Hashable, Sendable {
    /// The format's name and version.
    public static let format = "risa.lock/1"

    /// One action: a step, or one element of a foreach step.
    public struct Action: Hashable, Sendable {
        /// The action key.
        public var key: Digest
        /// The arguments in key form.
        public var arguments: Value
        /// Output digests by name.
        public var outputs: [String: Digest]
    }

    /// The pipeline's name.
    public var pipeline: String
    /// The params the run used.
    public var params: Value
    /// Actions per step id (one, or one per foreach element).
    public var steps: [String: [Action]]

    /// The path of the lockfile of the pipeline at `path` (`pipelines/x.yaml` -> `pipelines/x.lock`).
    public static func path(forPipeline path: String) -> String {
        for suffix in [".yaml", ".yml"] where path.hasSuffix(suffix) {
            return String(path.dropLast(suffix.count)) + ".lock"
        }
        return path + ".lock"
    }

    /// The lockfile of run `runID`, from its records and the action records in `store`.
    /// - Parameter finishedStepsOnly: leave out steps whose action record is missing (a run that
    ///   failed part-way) instead of throwing.
    /// - Throws: when a step's action record is missing (the run did not finish every step).
    public static func of(
        run runID: RunID, records: any RunRecordStore, store: any ContentStore,
        finishedStepsOnly: Bool = false
    ) async throws -> Lockfile {
        let detail = try await records.run(runID)
        var steps: [String: [Action]] = [:]
        for step in detail.steps {
            var keys: [Digest] = []
            if let key = step.actionKey {
                keys = [key]
            } else {
                let items = try await records.items(run: runID, step: step.stepID)
                keys = items.filter { $0.name.hasPrefix("element ") }
                    .sorted { (Int($0.name.dropFirst(8)) ?? 0) < (Int($1.name.dropFirst(8)) ?? 0) }
                    .compactMap(\.inputDigest)
            }
            var actions: [Action] = []
            for key in keys {
                guard let record = try store.actionRecord(for: key), let components = record["key"] else {
                    if finishedStepsOnly { continue }
                    throw StepFailure("the action record of step '\(step.stepID)' (\(key)) is missing from the store")
                }
                var outputs: [String: Digest] = [:]
                for (name, value) in record["outputs"]?.mapValue ?? [:] {
                    if let digest = value["digest"]?.stringValue.flatMap({ Digest($0) }) { outputs[name] = digest }
                }
                actions.append(Action(key: key, arguments: components["arguments"] ?? .null, outputs: outputs))
            }
            if !actions.isEmpty { steps[step.stepID] = actions }
        }
        return Lockfile(pipeline: detail.run.pipelineName, params: detail.run.params, steps: steps)
    }

    /// The lockfile as text.
    public var text: String {
        var stepValues: [String: Value] = [:]
        for (id, actions) in steps {
            let values = actions.map { action -> Value in
                .map([
                    "key": .string(action.key.description), "arguments": action.arguments,
                    "outputs": .map(action.outputs.mapValues { .string($0.description) }),
                ])
            }
            stepValues[id] = .list(values)
        }
        return CanonicalJSON.pretty(
            .map([
                "lock": .string(Self.format), "pipeline": .string(pipeline), "params": params,
                "steps": .map(stepValues),
            ]))
    }

    /// Reads a lockfile.
    /// - Throws: `StepFailure` naming the file when it is not a Risa lockfile.
    public init(text: String, path: String) throws {
        let value: Value
        do {
            value = try CanonicalJSON.parse(text)
        } catch {
            throw StepFailure("\(path): not a lockfile: \(error)", retryable: false)
        }
        guard value["lock"]?.stringValue == Self.format, let pipeline = value["pipeline"]?.stringValue,
            case .map(let stepValues) = value["steps"] ?? .null
        else { throw StepFailure("\(path): not a \(Self.format) lockfile", retryable: false) }
        var steps: [String: [Action]] = [:]
        for (id, list) in stepValues {
            steps[id] = try (list.listValue ?? []).map { entry in
                guard let keyText = entry["key"]?.stringValue, let key = Digest(keyText) else {
                    throw StepFailure("\(path): step '\(id)' has no valid key", retryable: false)
                }
                var outputs: [String: Digest] = [:]
                for (name, digest) in entry["outputs"]?.mapValue ?? [:] {
                    if let parsed = digest.stringValue.flatMap({ Digest($0) }) { outputs[name] = parsed }
                }
                return Action(key: key, arguments: entry["arguments"] ?? .null, outputs: outputs)
            }
        }
        self.init(pipeline: pipeline, params: value["params"] ?? .map([:]), steps: steps)
    }

    /// Creates a lockfile.
    public init(pipeline: String, params: Value, steps: [String: [Action]]) {
        self.pipeline = pipeline
        self.params = params
        self.steps = steps
    }
}

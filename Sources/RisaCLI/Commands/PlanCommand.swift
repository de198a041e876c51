import ArgumentParser
import Foundation
import RisaCore
import RisaEngine
import RisaGraph
import RisaModel
import RisaSteps

/// `risa plan FILE`: the steps in execution order with their resolved arguments.
struct PlanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Show the steps in execution order with their resolved arguments.")

    @Argument(help: "The pipeline file.")
    var file: String

    @OptionGroup var paramOptions: ParamOptions

    @Flag(help: "Print the plan as JSON.")
    var json = false

    @Flag(help: "Do not look at the cache (faster for huge pipelines; no run/cached status).")
    var noCacheStatus = false

    func run() async throws {
        let session = try PipelineSession.load(file)
        let params = try session.params(overrides: paramOptions.params, paramsFile: paramOptions.paramsFile)
        let environment = ProcessInfo.processInfo.environment
        let plan = try Planner.plan(
            session.graph, catalog: PipelineSession.catalog, params: params,
            environment: { environment[$0] }, secrets: { _ in nil })
        var predictions: [String: CachePredictor.Prediction] = [:]
        if !noCacheStatus, let project = try ProjectState.openExisting(root: session.root) {
            var configuration = EngineConfiguration(
                projectRoot: session.root, outputDirectory: project.outputDirectory, pipelinePath: file,
                environment: environment)
            configuration.libraryVersions = VersionInfo.libraryVersions
            predictions = await CachePredictor(
                graph: session.graph, catalog: PipelineSession.catalog,
                implementations: BuiltinSteps.implementationsByName, store: project.store,
                records: project.records, configuration: configuration, params: params
            ).predict()
        } else if !noCacheStatus {
            for step in plan.steps { predictions[step.id] = .init(willRun: true, reason: "first run (no cache entry)") }
        }
        print(json ? PlanRenderer.json(plan, predictions) : PlanRenderer.text(plan, predictions), terminator: "")
        ProcessLifetime.keep(session)
        ProcessLifetime.keep(plan)
    }
}

/// Prints plans for people and for programs.
enum PlanRenderer {
    /// One block per step.
    static func text(_ plan: Plan, _ predictions: [String: CachePredictor.Prediction] = [:]) -> String {
        // Appended to one string (a plan of 10,000 steps is 60,000 lines).
        var out = "plan: \(plan.pipeline) (\(plan.steps.count) step\(plan.steps.count == 1 ? "" : "s"))\n"
        out.reserveCapacity(plan.steps.count * 160)
        if !plan.params.isEmpty {
            out += "params:\n"
            for name in plan.params.keys.sorted() {
                out += "  " + name + ": " + CanonicalJSON.string(plan.params[name]!) + "\n"
            }
        }
        // Each step's lines depend on that step alone: a large plan is rendered in chunks on every
        // core and the chunks are joined in order.
        let numbered = Array(plan.steps.enumerated())
        for chunk in ParallelChunks.map(
            numbered, minimumChunk: 1_000,
            { steps in
                var text = ""
                text.reserveCapacity(steps.count * 160)
                for (index, step) in steps {
                    append(step, number: index + 1, prediction: predictions[step.id], to: &text)
                }
                return text
            })
        {
            out += chunk
        }
        return out
    }

    /// Appends the lines of one planned step.
    private static func append(
        _ step: PlannedStep, number: Int, prediction: CachePredictor.Prediction?, to out: inout String
    ) {
        out += String(number) + ". " + step.id + " (" + step.type + ")"
        if let prediction {
            out += prediction.willRun ? ": will run: " + prediction.reason : ": cached"
        }
        out += "\n"
        if !step.dependencies.isEmpty {
            out += "   after: "
            for (position, dependency) in step.dependencies.enumerated() {
                if position > 0 { out += ", " }
                out += dependency
            }
            out += "\n"
        }
        if let condition = step.condition { out += "   if: " + condition + "\n" }
        if let foreach = step.foreach { out += "   foreach: " + CanonicalJSON.string(foreach) + "\n" }
        if !step.cache { out += "   cache: false\n" }
        for name in step.arguments.keys.sorted() {
            let rendered = render(step.arguments[name]!)
            if rendered.utf8.contains(UInt8(ascii: "\n")) {
                out += "   " + name + ": |\n"
                for line in rendered.split(separator: "\n", omittingEmptySubsequences: false) {
                    out += "     " + line + "\n"
                }
            } else {
                out += "   " + name + ": " + rendered + "\n"
            }
        }
    }

    private static func render(_ value: Value) -> String {
        if case .string(let text) = value { return text }
        return CanonicalJSON.string(value)
    }

    /// The plan as one JSON document.
    static func json(_ plan: Plan, _ predictions: [String: CachePredictor.Prediction] = [:]) -> String {
        let steps: [Value] = plan.steps.map { step in
            var entry: [String: Value] = [
                "id": .string(step.id), "type": .string(step.type), "with": .map(step.arguments),
                "needs": .list(step.dependencies.map(Value.string)), "cache": .bool(step.cache),
                "deterministic": .bool(step.deterministic), "on_error": .string(step.onError.rawValue),
            ]
            if let condition = step.condition { entry["if"] = .string(condition) }
            if let foreach = step.foreach { entry["foreach"] = foreach }
            if let timeout = step.timeout { entry["timeout_s"] = .number(timeout) }
            if let prediction = predictions[step.id] {
                entry["status"] = .map(["will_run": .bool(prediction.willRun), "reason": .string(prediction.reason)])
            }
            return .map(entry)
        }
        return CanonicalJSON.string(
            .map(["pipeline": .string(plan.pipeline), "params": .map(plan.params), "steps": .list(steps)])) + "\n"
    }
}

import ArgumentParser
import Foundation
import RisaCore
import RisaGraph
import RisaModel

/// `risa plan FILE`: the steps in execution order with their resolved arguments.
struct PlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Show the steps in execution order with their resolved arguments.")

    @Argument(help: "The pipeline file.")
    var file: String

    @OptionGroup var paramOptions: ParamOptions

    @Flag(help: "Print the plan as JSON.")
    var json = false

    func run() throws {
        let session = try PipelineSession.load(file)
        let params = try session.params(overrides: paramOptions.params, paramsFile: paramOptions.paramsFile)
        let environment = ProcessInfo.processInfo.environment
        let plan = try Planner.plan(session.graph, catalog: PipelineSession.catalog, params: params,
                                    environment: { environment[$0] }, secrets: { _ in nil })
        print(json ? PlanRenderer.json(plan) : PlanRenderer.text(plan), terminator: "")
    }
}

/// Prints plans for people and for programs.
enum PlanRenderer {
    /// One block per step.
    static func text(_ plan: Plan) -> String {
        var lines = ["plan: \(plan.pipeline) (\(plan.steps.count) step\(plan.steps.count == 1 ? "" : "s"))"]
        if !plan.params.isEmpty {
            lines.append("params:")
            for name in plan.params.keys.sorted() { lines.append("  \(name): \(CanonicalJSON.string(plan.params[name]!))") }
        }
        for (index, step) in plan.steps.enumerated() {
            lines.append("\(index + 1). \(step.id) (\(step.type))")
            if !step.dependencies.isEmpty { lines.append("   after: \(step.dependencies.joined(separator: ", "))") }
            if let condition = step.condition { lines.append("   if: \(condition)") }
            if let foreach = step.foreach { lines.append("   foreach: \(CanonicalJSON.string(foreach))") }
            if !step.cache { lines.append("   cache: false") }
            for name in step.arguments.keys.sorted() {
                let rendered = render(step.arguments[name]!)
                if rendered.utf8.contains(UInt8(ascii: "\n")) {
                    lines.append("   \(name): |")
                    lines += rendered.split(separator: "\n", omittingEmptySubsequences: false).map { "     \($0)" }
                } else {
                    lines.append("   \(name): \(rendered)")
                }
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func render(_ value: Value) -> String {
        if case .string(let text) = value { return text }
        return CanonicalJSON.string(value)
    }

    /// The plan as one JSON document.
    static func json(_ plan: Plan) -> String {
        let steps: [Value] = plan.steps.map { step in
            var entry: [String: Value] = [
                "id": .string(step.id), "type": .string(step.type), "with": .map(step.arguments),
                "needs": .list(step.dependencies.map(Value.string)), "cache": .bool(step.cache),
                "deterministic": .bool(step.deterministic), "on_error": .string(step.onError.rawValue),
            ]
            if let condition = step.condition { entry["if"] = .string(condition) }
            if let foreach = step.foreach { entry["foreach"] = foreach }
            if let timeout = step.timeout { entry["timeout_s"] = .number(timeout) }
            return .map(entry)
        }
        return CanonicalJSON.string(.map(["pipeline": .string(plan.pipeline), "params": .map(plan.params), "steps": .list(steps)])) + "\n"
    }
}

import RisaCore
import RisaModel

/// What `risa plan` shows: every step in execution order with its arguments resolved as far as they
/// can be before running (step outputs stay as their expressions; secrets show as `***`).
public struct Plan: Sendable {
    /// The pipeline's name.
    public var pipeline: String
    /// Every param's value.
    public var params: [String: Value]
    /// Steps in execution order.
    public var steps: [PlannedStep]
}

/// One step of a plan.
public struct PlannedStep: Sendable {
    /// Flat id.
    public var id: String
    /// Step type.
    public var type: String
    /// Arguments (declared defaults filled in), resolved where possible.
    public var arguments: [String: Value]
    /// Steps that must finish first.
    public var dependencies: [String]
    /// The `if:` condition as written, when there is one.
    public var condition: String?
    /// The `foreach:` list: resolved when known, else as written.
    public var foreach: Value?
    /// Whether results may come from the cache.
    public var cache: Bool
    /// Whether the step type is deterministic.
    public var deterministic: Bool
    /// Resources it asks for.
    public var resources: ResourceRequest
    /// Retry policy.
    public var retry: RetryPolicy
    /// Time limit per attempt, in seconds.
    public var timeout: Double?
    /// Failure policy.
    public var onError: ErrorPolicy
}

/// Makes a `Plan` from a graph and param values (pure: no I/O).
public enum Planner {
    /// The text shown in place of a value that carries a secret.
    public static let redacted = Value.string("***")

    /// Plans every node of `graph`.
    /// - Throws: `DiagnosticError` when an argument cannot be evaluated even before running.
    public static func plan(
        _ graph: StepGraph, catalog: StepCatalog, params: [String: Value],
        environment: @escaping @Sendable (String) -> String? = { _ in nil },
        secrets: @escaping @Sendable (String) -> String? = { _ in nil }
    ) throws(DiagnosticError) -> Plan {
        let pipeline = graph.scopes[0].pipeline
        // Steps are planned independently of each other: a large plan is cut into chunks planned on
        // every core, and the chunks' steps and diagnostics are joined in graph order.
        let chunks = ParallelChunks.map(graph.nodes, minimumChunk: 1_000) { nodes in
            let root = ScopedContext(
                graph: graph, scope: 0, params: params,
                outputs: { node, output throws(EvaluationError) in
                    throw EvaluationError.unavailable("steps.\(node).outputs.\(output) is known after the step runs")
                },
                secrets: secrets, environment: environment, run: ["pipeline": pipeline.name])
            var diagnostics: [Diagnostic] = []
            var steps: [PlannedStep] = []
            steps.reserveCapacity(nodes.count)
            for node in nodes {
                steps.append(planStep(node, catalog: catalog, root: root, diagnostics: &diagnostics))
            }
            return (steps, diagnostics)
        }
        var steps: [PlannedStep] = []
        steps.reserveCapacity(graph.nodes.count)
        var diagnostics: [Diagnostic] = []
        for (chunkSteps, chunkDiagnostics) in chunks {
            steps += chunkSteps
            diagnostics += chunkDiagnostics
        }
        if !diagnostics.isEmpty { throw DiagnosticError(diagnostics) }
        return Plan(pipeline: pipeline.name, params: params, steps: steps)
    }

    /// The planned form of one node: defaults, then its arguments resolved where possible.
    private static func planStep(
        _ node: GraphNode, catalog: StepCatalog, root: ScopedContext, diagnostics: inout [Diagnostic]
    ) -> PlannedStep {
        let spec = catalog[node.type]
        let context = root.moved(to: node.scope)
        var arguments: [String: Value] = [:]
        for argument in spec?.arguments ?? [] {
            if let value = argument.defaultValue { arguments[argument.name] = value }
        }
        for argument in node.step.with {
            let type = spec?.argument(argument.key)?.type
            do {
                arguments[argument.key] = try planValue(argument.node, as: type, context: context)
            } catch {
                diagnostics.append(
                    Diagnostic(at: argument.node.location, path: "steps.\(node.id).with.\(argument.key)", error.message)
                )
            }
        }
        var foreach: Value?
        if let list = node.step.foreach {
            foreach = try? planValue(list.node, as: nil, context: context)
        }
        return PlannedStep(
            id: node.id, type: node.type, arguments: arguments, dependencies: node.dependencies,
            condition: node.step.condition?.node.scalar?.text, foreach: foreach, cache: node.step.cache,
            deterministic: spec?.deterministic ?? false, resources: node.step.resources, retry: node.step.retry,
            timeout: node.step.timeout, onError: node.step.onError)
    }

    /// Resolves what can be resolved; unknown step outputs keep their written text, secrets are
    /// redacted.
    static func planValue(
        _ node: SourceNode, as type: ValueType?, context: ScopedContext
    ) throws(EvaluationError) -> Value {
        switch node.kind {
        case .scalar(let scalar):
            var evaluator = ExpressionEvaluator(context: context)
            do {
                let value = try ArgumentResolver.resolve(node, as: type, evaluator: &evaluator)
                return evaluator.secretsUsed.isEmpty ? value : redacted
            } catch  where error.isUnavailable {
                return .string(scalar.text)
            }
        case .sequence(let elements):
            var element: ValueType?
            if case .list(let inner) = type { element = inner }
            var values: [Value] = []
            for child in elements { values.append(try planValue(child, as: element, context: context)) }
            return .list(values)
        case .mapping(let entries):
            var element: ValueType?
            if case .map(let inner) = type { element = inner }
            var values: [String: Value] = [:]
            for entry in entries { values[entry.key] = try planValue(entry.value, as: element, context: context) }
            return .map(values)
        }
    }
}

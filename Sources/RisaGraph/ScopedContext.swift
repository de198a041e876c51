import RisaCore
import RisaModel

/// The evaluation context of one graph node: params as its scope sees them (recipe params bound by
/// the using step), step outputs through the caller, secrets, environment and run fields.
public struct ScopedContext: EvaluationContext {
    /// The graph.
    public let graph: StepGraph
    /// The scope names are looked up in.
    public let scope: Int
    /// Values of the main pipeline's params.
    public let params: [String: Value]
    /// Gives the value of output `output` of node `node` (a flat id), or throws `.unavailable`.
    public let outputs: @Sendable (_ node: String, _ output: String) throws(EvaluationError) -> Value
    /// Looks up secrets.
    public let secrets: @Sendable (String) -> String?
    /// Looks up environment variables.
    public let environmentLookup: @Sendable (String) -> String?
    /// `run.*` fields.
    public let run: [String: String]
    /// `item` inside foreach.
    public let item: Value?

    /// Creates a context.
    public init(
        graph: StepGraph, scope: Int, params: [String: Value],
        outputs: @escaping @Sendable (String, String) throws(EvaluationError) -> Value,
        secrets: @escaping @Sendable (String) -> String?, environment: @escaping @Sendable (String) -> String?,
        run: [String: String], item: Value? = nil
    ) {
        self.graph = graph
        self.scope = scope
        self.params = params
        self.outputs = outputs
        self.secrets = secrets
        self.environmentLookup = environment
        self.run = run
        self.item = item
    }

    /// The same context in another scope, without `item`.
    public func moved(to scope: Int) -> ScopedContext {
        ScopedContext(
            graph: graph, scope: scope, params: params, outputs: outputs, secrets: secrets,
            environment: environmentLookup, run: run)
    }

    /// The same context with `item` bound.
    public func with(item: Value) -> ScopedContext {
        ScopedContext(
            graph: graph, scope: scope, params: params, outputs: outputs, secrets: secrets,
            environment: environmentLookup, run: run, item: item)
    }

    public func param(_ name: String) throws(EvaluationError) -> Value? {
        let current = graph.scopes[scope]
        guard let parent = current.parent else { return params[name] }
        let declared = current.pipeline.param(name)
        if let binding = current.bindings[name] {
            var evaluator = ExpressionEvaluator(context: moved(to: parent))
            return try ArgumentResolver.resolve(binding.node, as: declared?.type, evaluator: &evaluator)
        }
        return declared?.defaultValue
    }

    public func stepOutput(step: String, output: String) throws(EvaluationError) -> Value {
        let current = graph.scopes[scope]
        let flatId = current.prefix + step
        if graph.node(flatId) != nil { return try outputs(flatId, output) }
        guard let child = graph.scopes.firstIndex(where: { $0.parent == scope && $0.prefix == flatId + "/" }) else {
            throw EvaluationError("unknown step '\(step)'")
        }
        guard let declared = graph.scopes[child].pipeline.outputs.first(where: { $0.name == output }) else {
            throw EvaluationError("recipe step '\(step)' has no output '\(output)'")
        }
        var evaluator = ExpressionEvaluator(context: moved(to: child))
        return try ArgumentResolver.resolve(declared.value.node, as: nil, evaluator: &evaluator)
    }

    public func secret(_ name: String) -> String? { secrets(name) }

    public func environment(_ name: String) -> String? { environmentLookup(name) }

    public func runField(_ name: String) -> String? { run[name] }
}

import RisaModel

/// The pipeline as a DAG of runnable steps: recipes expanded into their steps, in an order where
/// every step comes after all the steps it depends on.
public struct StepGraph: Sendable {
    /// Steps in execution order (a topological order, stable with respect to declaration order).
    public let nodes: [GraphNode]
    /// The pipeline instances nodes belong to: index 0 is the main pipeline, others are recipe uses.
    public let scopes: [GraphScope]
    /// Where each node id sits in `nodes`.
    public let indexById: [String: Int]

    /// The node with flat id `id`.
    public func node(_ id: String) -> GraphNode? { indexById[id].map { nodes[$0] } }

    /// The ids of every node that depends on `id`, directly or not.
    public func descendants(of ids: Set<String>) -> Set<String> {
        var result = ids
        for node in nodes where !result.contains(node.id) {
            if node.dependencies.contains(where: result.contains) { result.insert(node.id) }
        }
        return result
    }

    /// The ids of every node that `ids` depend on, directly or not, and `ids` themselves.
    public func ancestors(of ids: Set<String>) -> Set<String> {
        var result = ids
        for node in nodes.reversed() where result.contains(node.id) {
            result.formUnion(node.dependencies)
        }
        return result
    }
}

/// One runnable step of the graph.
public struct GraphNode: Sendable {
    /// Flat id: the step id, prefixed by the ids of the recipe steps it sits in (`prep/frames`).
    public let id: String
    /// The step as declared.
    public let step: StepDecl
    /// The scope (pipeline instance) it belongs to.
    public let scope: Int
    /// Flat ids of the steps whose outputs it reads.
    public let dataDependencies: [String]
    /// Flat ids of every step that must finish first (data and `needs`), sorted.
    public let dependencies: [String]
    /// Conditions of enclosing recipe steps (`if:` on a step that uses a recipe), each to be
    /// evaluated in its own scope; all must hold for this node to run.
    public let guards: [(condition: ArgumentNode, scope: Int)]
    /// The built-in step type it runs.
    public var type: String {
        if case .builtin(let name) = step.uses { return name }
        return ""
    }
}

/// One instance of a pipeline in the graph: the main pipeline, or a recipe used by a step.
public struct GraphScope: Sendable {
    /// The pipeline (or recipe) declarations.
    public let pipeline: Pipeline
    /// Prefix of flat ids in this scope (`""` for the main pipeline, `prep/` for a recipe used by `prep`).
    public let prefix: String
    /// The enclosing scope (nil for the main pipeline).
    public let parent: Int?
    /// The `with:` arguments of the step that uses this recipe, evaluated in the parent scope.
    public let bindings: [String: ArgumentNode]
}

import RisaModel

/// Builds the `StepGraph` of a validated pipeline: expands recipes, turns every expression reference
/// and every `needs` into an edge, and finds cycles (each reported with its path).
public struct GraphBuilder {
    private let bundle: PipelineBundle
    private var scopes: [GraphScope] = []
    private var pending: [(id: String, step: StepDecl, scope: Int, guards: [(ArgumentNode, Int)])] = []
    private var diagnostics: [Diagnostic] = []

    /// Builds the graph of `bundle`, or returns the problems (cycles, unsupported forms).
    public static func build(_ bundle: PipelineBundle) -> (StepGraph?, [Diagnostic]) {
        var builder = GraphBuilder(bundle: bundle)
        return builder.run()
    }

    private init(bundle: PipelineBundle) {
        self.bundle = bundle
    }

    private mutating func run() -> (StepGraph?, [Diagnostic]) {
        scopes.append(GraphScope(pipeline: bundle.main, prefix: "", parent: nil, bindings: [:]))
        expand(scope: 0, guards: [])
        var references = ReferenceResolver(bundle: bundle, scopes: scopes)
        var dataEdges: [[String]] = []
        var allEdges: [[String]] = []
        dataEdges.reserveCapacity(pending.count)
        allEdges.reserveCapacity(pending.count)
        // Per scope, not per step: finding the enclosing recipe step is a linear search.
        var inherited: [Int: Set<String>] = [:]
        // By index: a copied entry copies its whole step declaration.
        for index in pending.indices {
            let scope = pending[index].scope
            var data = Set<String>()
            for argument in pending[index].step.with {
                data.formUnion(references.dependencies(of: argument.node, scope: scope))
            }
            if let condition = pending[index].step.condition {
                data.formUnion(references.dependencies(of: condition.node, scope: scope))
            }
            if let foreach = pending[index].step.foreach {
                data.formUnion(references.dependencies(of: foreach.node, scope: scope))
            }
            for (condition, guardScope) in pending[index].guards {
                data.formUnion(references.dependencies(of: condition.node, scope: guardScope))
            }
            var all = data
            for need in pending[index].step.needs { all.formUnion(references.stepNodes(need.id, scope: scope)) }
            if inherited[scope] == nil {
                inherited[scope] = inheritedNeeds(scope: scope, references: &references)
            }
            all.formUnion(inherited[scope]!)
            data.remove(pending[index].id)
            dataEdges.append(data.sorted())
            all.remove(pending[index].id)
            allEdges.append(all.sorted())
        }
        let ids = pending.map(\.id)
        switch TopologicalOrder.sort(ids: ids, edges: allEdges) {
        case .cycle(let path):
            let first = pending[ids.firstIndex(of: path[0])!]
            diagnostics.append(
                Diagnostic(
                    at: first.step.location, path: "steps.\(path[0])",
                    "dependency cycle: \((path + [path[0]]).joined(separator: " -> "))"))
            return (nil, diagnostics)
        case .order(let order):
            var nodes: [GraphNode] = []
            nodes.reserveCapacity(order.count)
            var indexById: [String: Int] = [:]
            indexById.reserveCapacity(order.count)
            for index in order {
                indexById[pending[index].id] = nodes.count
                nodes.append(
                    GraphNode(
                        id: pending[index].id, step: pending[index].step, scope: pending[index].scope,
                        dataDependencies: dataEdges[index], dependencies: allEdges[index], guards: pending[index].guards
                    ))
            }
            return (
                diagnostics.hasErrors ? nil : StepGraph(nodes: nodes, scopes: scopes, indexById: indexById), diagnostics
            )
        }
    }

    /// Adds the steps of `scope`, expanding recipe steps into scopes of their own.
    private mutating func expand(scope: Int, guards: [(ArgumentNode, Int)]) {
        let current = scopes[scope]
        pending.reserveCapacity(pending.count + current.pipeline.steps.count)
        for step in current.pipeline.steps {
            let id = current.prefix + step.id
            switch step.uses {
            case .builtin:
                pending.append((id, step, scope, guards))
            case .recipe(let path):
                guard let recipe = bundle.recipe(path) else { continue }
                if step.foreach != nil {
                    diagnostics.append(
                        Diagnostic(
                            at: step.location, path: "steps.\(step.id).foreach",
                            "'foreach' on a step that uses a recipe is not supported; put the foreach on the recipe's steps"
                        ))
                    continue
                }
                var bindings: [String: ArgumentNode] = [:]
                for argument in step.with { bindings[argument.key] = argument }
                scopes.append(GraphScope(pipeline: recipe, prefix: id + "/", parent: scope, bindings: bindings))
                var innerGuards = guards
                if let condition = step.condition { innerGuards.append((condition, scope)) }
                expand(scope: scopes.count - 1, guards: innerGuards)
            }
        }
    }

    /// `needs:` written on the recipe steps that enclose `scope` apply to every step inside.
    private func inheritedNeeds(scope: Int, references: inout ReferenceResolver) -> Set<String> {
        var result = Set<String>()
        var current = scope
        while let parent = scopes[current].parent {
            let prefix = scopes[current].prefix
            let stepId = String(prefix.dropLast().split(separator: "/").last ?? "")
            if let step = references.step(stepId, in: parent) {
                for need in step.needs { result.formUnion(references.stepNodes(need.id, scope: parent)) }
            }
            current = parent
        }
        return result
    }
}

import RisaModel

/// Finds which graph nodes a written value depends on, following params bound by recipe steps and
/// outputs of recipes back to the runnable steps that produce them.
struct ReferenceResolver {
    let bundle: PipelineBundle
    let scopes: [GraphScope]
    /// Child scope of each (scope, recipe step id).
    private var children: [String: Int] = [:]
    /// The step ids declared in each scope: `Pipeline.step(_:)` is a linear search, which made
    /// resolving every reference of a 10,000-step pipeline quadratic.
    private let stepIds: [Set<String>]
    /// Per scope, where each declared step sits in its pipeline's `steps` (first declaration wins).
    private let stepIndex: [[String: Int]]
    private var memo: [String: Set<String>] = [:]

    init(bundle: PipelineBundle, scopes: [GraphScope]) {
        self.bundle = bundle
        self.scopes = scopes
        stepIds = scopes.map { Set($0.pipeline.steps.map(\.id)) }
        stepIndex = scopes.map { scope in
            var index: [String: Int] = [:]
            for (position, step) in scope.pipeline.steps.enumerated() where index[step.id] == nil {
                index[step.id] = position
            }
            return index
        }
        for (index, scope) in scopes.enumerated() {
            guard let parent = scope.parent else { continue }
            let stepId = String(scope.prefix.dropLast().split(separator: "/").last ?? "")
            children["\(parent)/\(stepId)"] = index
        }
    }

    /// The scope a recipe step `stepId` of `scope` expanded into.
    func childScope(of stepId: String, in scope: Int) -> Int? { children["\(scope)/\(stepId)"] }

    /// The step `stepId` as declared in `scope`'s pipeline, if any.
    func step(_ stepId: String, in scope: Int) -> StepDecl? {
        stepIndex[scope][stepId].map { scopes[scope].pipeline.steps[$0] }
    }

    /// Whether `scope` declares a step `stepId`.
    func declares(_ stepId: String, in scope: Int) -> Bool { stepIds[scope].contains(stepId) }

    /// Graph nodes whose outputs `node` reads (through expressions), evaluated in `scope`.
    mutating func dependencies(of node: SourceNode, scope: Int) -> Set<String> {
        switch node.kind {
        case .scalar(let scalar):
            guard scalar.hasTemplateMarker, let template = try? scalar.template.get() else { return [] }
            var result = Set<String>()
            for (expression, _) in template.expressions { result.formUnion(dependencies(of: expression, scope: scope)) }
            return result
        case .sequence(let elements):
            return elements.reduce(into: Set<String>()) { $0.formUnion(dependencies(of: $1, scope: scope)) }
        case .mapping(let entries):
            return entries.reduce(into: Set<String>()) { $0.formUnion(dependencies(of: $1.value, scope: scope)) }
        }
    }

    /// Graph nodes an expression reads.
    mutating func dependencies(of expression: Expression, scope: Int) -> Set<String> {
        var result = Set<String>()
        var params: [String] = []
        expression.walk { node in
            // `params.NAME`, matched in place (building the dotted path of every node allocated).
            if case .member(.identifier("params", _), let name, _) = node { params.append(name) }
        }
        for reference in expression.stepReferences {
            result.formUnion(outputNodes(step: reference.step, output: reference.output, scope: scope))
        }
        for name in params { result.formUnion(paramNodes(name, scope: scope)) }
        return result
    }

    /// The nodes a step's output comes from: the step itself, or, for a recipe step, the nodes its
    /// recipe output refers to.
    mutating func outputNodes(step: String, output: String, scope: Int) -> Set<String> {
        let key = "o\(scope)/\(step)/\(output)"
        if let known = memo[key] { return known }
        memo[key] = []
        var result = Set<String>()
        if let child = childScope(of: step, in: scope) {
            if let declared = scopes[child].pipeline.outputs.first(where: { $0.name == output }) {
                result = dependencies(of: declared.value.node, scope: child)
            }
        } else if declares(step, in: scope) {
            result = [scopes[scope].prefix + step]
        }
        memo[key] = result
        return result
    }

    /// The nodes a param of `scope` depends on (a recipe param bound to an expression in the parent).
    mutating func paramNodes(_ name: String, scope: Int) -> Set<String> {
        guard let parent = scopes[scope].parent, let binding = scopes[scope].bindings[name] else { return [] }
        let key = "p\(scope)/\(name)"
        if let known = memo[key] { return known }
        memo[key] = []
        let result = dependencies(of: binding.node, scope: parent)
        memo[key] = result
        return result
    }

    /// Every node of step `stepId` in `scope`: itself, or all the nodes of the recipe it uses.
    func stepNodes(_ stepId: String, scope: Int) -> Set<String> {
        guard let child = childScope(of: stepId, in: scope) else {
            return declares(stepId, in: scope) ? [scopes[scope].prefix + stepId] : []
        }
        var result = Set<String>()
        for step in scopes[child].pipeline.steps { result.formUnion(stepNodes(step.id, scope: child)) }
        return result
    }
}

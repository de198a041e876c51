import RisaCore

/// Checks a loaded pipeline and its recipes against the step registry: step types, arguments and
/// their types, every expression and every reference, `needs`, `if`, `foreach` and outputs.
///
/// Cycles are found when the graph is built (RisaGraph); everything else is found here, all in one
/// pass: the result lists every problem, not just the first.
public struct PipelineValidator: Sendable {
    /// The step types known.
    public let catalog: StepCatalog

    /// Creates a validator.
    public init(catalog: StepCatalog) {
        self.catalog = catalog
    }

    /// Every problem in the pipeline and its recipes (each recipe checked once).
    public func validate(_ bundle: PipelineBundle) -> [Diagnostic] {
        var diagnostics = validate(bundle.main, bundle: bundle, isRecipe: false)
        for key in bundle.recipes.keys.sorted() {
            diagnostics += validate(bundle.recipes[key]!, bundle: bundle, isRecipe: true)
        }
        return diagnostics
    }

    /// The outputs of `step` with their types (a `foreach` step gives a list of each output).
    public func outputTypes(of step: StepDecl, bundle: PipelineBundle) -> [String: ValueType] {
        var visiting: Set<String> = []
        return outputTypes(of: step, bundle: bundle, visiting: &visiting)
    }

    /// The scope expressions in `pipeline` see.
    public func scope(of pipeline: Pipeline, bundle: PipelineBundle) -> ExpressionScope {
        var visiting: Set<String> = []
        return scope(of: pipeline, bundle: bundle, visiting: &visiting)
    }

    private func scope(of pipeline: Pipeline, bundle: PipelineBundle, visiting: inout Set<String>) -> ExpressionScope {
        var params: [String: ValueType] = [:]
        for param in pipeline.params { params[param.name] = param.type }
        var outputs: [String: [String: ValueType]] = [:]
        for step in pipeline.steps { outputs[step.id] = outputTypes(of: step, bundle: bundle, visiting: &visiting) }
        return ExpressionScope(params: params, stepOutputs: outputs)
    }

    private func outputTypes(
        of step: StepDecl, bundle: PipelineBundle, visiting: inout Set<String>
    ) -> [String: ValueType] {
        var types: [String: ValueType] = [:]
        switch step.uses {
        case .builtin(let name):
            for output in catalog[name]?.outputs.resolve(arguments: step.with) ?? [] {
                types[output.name] = output.type
            }
        case .recipe(let path):
            let key = PipelineLoader.normalize(path)
            guard let recipe = bundle.recipes[key], !visiting.contains(key) else { return [:] }
            visiting.insert(key)
            let recipeScope = scope(of: recipe, bundle: bundle, visiting: &visiting)
            visiting.remove(key)
            for output in recipe.outputs {
                types[output.name] = inferredType(of: output.value.node, in: recipeScope)
            }
        }
        if step.foreach != nil { return types.mapValues { .list($0) } }
        return types
    }

    /// The type a written value has (for recipe outputs): an expression's type, or the literal's.
    private func inferredType(of node: SourceNode, in scope: ExpressionScope) -> ValueType {
        guard let scalar = node.scalar else { return .json }
        guard scalar.hasTemplateMarker, let template = try? scalar.template.get() else {
            switch scalar.resolved {
            case .bool: return .bool
            case .int: return .int
            case .number: return .number
            case .string: return .string
            case .null: return .json
            }
        }
        guard let expression = template.soleExpression else { return .string }
        return ExpressionTypeChecker.check(expression, in: scope).0
    }

    private func validate(_ pipeline: Pipeline, bundle: PipelineBundle, isRecipe: Bool) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        let pipelineScope = scope(of: pipeline, bundle: bundle)
        let stepIds = pipeline.steps.map(\.id)
        let declaredIds = Set(stepIds)

        // Steps are checked independently of each other: a large pipeline is cut into chunks checked
        // on every core, and the diagnostics are joined in the steps' order.
        let chunks = ParallelChunks.map(pipeline.steps, minimumChunk: 1_000) { steps in
            var found: [Diagnostic] = []
            for step in steps {
                check(
                    step, pipelineScope: pipelineScope, stepIds: stepIds, declaredIds: declaredIds, bundle: bundle,
                    into: &found)
            }
            return found
        }
        for chunk in chunks { diagnostics += chunk }

        let outputChecker = ArgumentChecker(scope: pipelineScope)
        for output in pipeline.outputs {
            outputChecker.check(output.value.node, as: .json, path: "outputs.\(output.name)", into: &diagnostics)
        }
        return diagnostics
    }

    /// Checks one step of a pipeline: its type or recipe, arguments, `needs`, `if` and `foreach`.
    private func check(
        _ step: StepDecl, pipelineScope: ExpressionScope, stepIds: [String], declaredIds: Set<String>,
        bundle: PipelineBundle, into diagnostics: inout [Diagnostic]
    ) {
        let path = "steps.\(step.id)"
        var stepScope = pipelineScope
        if let foreach = step.foreach {
            stepScope.item = foreachItemType(
                foreach, path: "\(path).foreach", scope: pipelineScope, into: &diagnostics)
        }
        let checker = ArgumentChecker(scope: stepScope)
        switch step.uses {
        case .builtin(let name):
            guard let spec = catalog[name] else {
                diagnostics.append(
                    Diagnostic(
                        at: step.usesLocation, path: "\(path).uses",
                        "unknown step type '\(name)'" + Suggestions.hint(for: name, among: catalog.names)))
                return
            }
            checkArguments(
                step, path: path,
                declared: spec.arguments.map { ($0.name, $0.type, $0.required && $0.defaultValue == nil) },
                what: "step type '\(name)'", checker: checker, into: &diagnostics)
        case .recipe(let recipePath):
            guard let recipe = bundle.recipe(recipePath) else { return }
            checkArguments(
                step, path: path,
                declared: recipe.params.map { ($0.name, $0.type, $0.required && $0.defaultValue == nil) },
                what: "recipe '\(recipePath)'", checker: checker, into: &diagnostics)
        }
        for need in step.needs {
            if need.id == step.id {
                diagnostics.append(
                    Diagnostic(at: need.location, path: "\(path).needs", "a step cannot need itself"))
            } else if !declaredIds.contains(need.id) {
                diagnostics.append(
                    Diagnostic(
                        at: need.location, path: "\(path).needs",
                        "unknown step '\(need.id)'" + Suggestions.hint(for: need.id, among: stepIds)))
            }
        }
        if let condition = step.condition {
            checker.check(condition.node, as: .json, path: "\(path).if", into: &diagnostics)
        }
    }

    private func checkArguments(
        _ step: StepDecl, path: String, declared: [(name: String, type: ValueType, required: Bool)],
        what: String, checker: ArgumentChecker, into diagnostics: inout [Diagnostic]
    ) {
        let names = declared.map(\.name)
        for argument in step.with {
            guard let spec = declared.first(where: { $0.name == argument.key }) else {
                diagnostics.append(
                    Diagnostic(
                        at: argument.keyLocation, path: "\(path).with.\(argument.key)",
                        "\(what) has no argument '\(argument.key)'" + Suggestions.hint(for: argument.key, among: names))
                )
                continue
            }
            checker.check(argument.node, as: spec.type, path: "\(path).with.\(argument.key)", into: &diagnostics)
        }
        for spec in declared where spec.required && step.argument(spec.name) == nil {
            diagnostics.append(
                Diagnostic(
                    at: step.location, path: "\(path).with.\(spec.name)",
                    "missing required argument '\(spec.name)' (\(spec.type)) of \(what)"))
        }
    }

    /// The element type of a `foreach` list (json when unknown), reporting a value that is not a list.
    private func foreachItemType(
        _ foreach: ArgumentNode, path: String, scope: ExpressionScope, into diagnostics: inout [Diagnostic]
    ) -> ValueType {
        let checker = ArgumentChecker(scope: scope)
        let node = foreach.node
        if let elements = node.elements {
            for (index, element) in elements.enumerated() {
                checker.check(element, as: .json, path: "\(path)[\(index)]", into: &diagnostics)
            }
            return .json
        }
        guard let scalar = node.scalar, scalar.hasTemplateMarker else {
            diagnostics.append(
                Diagnostic(
                    at: node.location, path: path, "expected a list or an expression giving a list, got \(node.summary)"
                ))
            return .json
        }
        guard let template = checker.parseTemplate(scalar, node, path, &diagnostics) else { return .json }
        guard let produced = checker.templateType(template, scalar, node, path, &diagnostics) else { return .json }
        switch produced {
        case .list(let element): return element
        case .json: return .json
        default:
            diagnostics.append(
                Diagnostic(at: node.location, path: path, "foreach needs a list, but the expression gives \(produced)"))
            return .json
        }
    }
}

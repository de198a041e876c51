import Foundation
import RisaCore
import RisaGraph
import RisaModel
import RisaSteps
import RisaStore

/// A node's arguments resolved twice: for execution (artifacts as absolute paths, secrets as their
/// values) and for the cache key (artifacts as content digests, secrets as their names).
struct BoundArguments: Sendable {
    /// What the implementation receives.
    var execution: [String: Value]
    /// What the action key is computed from.
    var key: [String: Value]
    /// The regular files of every folder an artifact argument names, by the folder's absolute path,
    /// as they were hashed for the key (a per-item step takes its items from there).
    var folders: [String: [(name: String, digest: FileDigest)]] = [:]
}

/// Resolves a node's arguments, conditions and `foreach` lists against the outputs of the nodes
/// that already ran.
struct ArgumentBinder: Sendable {
    let graph: StepGraph
    let params: [String: Value]
    let projectRoot: URL
    let outputs: [String: NodeOutputs]
    let publisher: OutputPublisher
    let secrets: @Sendable (String) -> String?
    let environment: [String: String]
    let run: [String: String]
    let store: any ContentStore

    /// The context for execution: step outputs are the paths where they are published.
    func executionContext(scope: Int) -> ScopedContext {
        let outputs = self.outputs
        let publisher = self.publisher
        return ScopedContext(
            graph: graph, scope: scope, params: params,
            outputs: { node, name throws(EvaluationError) in
                guard let entry = outputs[node]?.entries[name] else {
                    throw EvaluationError("step '\(node)' has no output '\(name)' in this run")
                }
                switch entry {
                case .single(let artifact): return .string(publisher.path(of: artifact, node: node, item: nil))
                case .perItem(let artifacts):
                    return .list(artifacts.enumerated().map { .string(publisher.path(of: $1, node: node, item: $0)) })
                }
            },
            secrets: secrets, environment: { [environment] in environment[$0] }, run: run)
    }

    /// The context for cache keys: step outputs are their digests, secrets their names.
    func keyContext(scope: Int) -> ScopedContext {
        let outputs = self.outputs
        return ScopedContext(
            graph: graph, scope: scope, params: params,
            outputs: { node, name throws(EvaluationError) in
                guard let entry = outputs[node]?.entries[name] else {
                    throw EvaluationError("step '\(node)' has no output '\(name)' in this run")
                }
                switch entry {
                case .single(let artifact): return .string(artifact.digest.description)
                case .perItem(let artifacts): return .list(artifacts.map { .string($0.digest.description) })
                }
            },
            secrets: { "secret:\($0)" }, environment: { [environment] in environment[$0] }, run: run)
    }

    /// Whether every guard and the node's own `if:` hold.
    func conditionHolds(_ node: GraphNode, item: Value?) throws -> Bool {
        for (condition, scope) in node.guards {
            var evaluator = ExpressionEvaluator(context: executionContext(scope: scope))
            guard try evaluate(condition.node, as: nil, &evaluator, path: "if").isTruthy else { return false }
        }
        guard let condition = node.step.condition else { return true }
        var context = executionContext(scope: node.scope)
        if let item { context = context.with(item: item) }
        var evaluator = ExpressionEvaluator(context: context)
        return try evaluate(condition.node, as: nil, &evaluator, path: "steps.\(node.id).if").isTruthy
    }

    /// The elements of a `foreach` step.
    func foreachItems(_ node: GraphNode) throws -> [Value] {
        guard let foreach = node.step.foreach else { return [] }
        var evaluator = ExpressionEvaluator(context: executionContext(scope: node.scope))
        let value = try evaluate(foreach.node, as: nil, &evaluator, path: "steps.\(node.id).foreach")
        guard case .list(let items) = value else {
            throw StepFailure(
                "steps.\(node.id).foreach: expected a list, got \(CanonicalJSON.string(value))", retryable: false)
        }
        return items
    }

    /// The arguments of `node` in key form only (plans and lockfile checks: nothing is executed, so
    /// upstream outputs need not be published).
    func bindKey(_ node: GraphNode, spec: StepTypeSpec, item: Value?) throws -> [String: Value] {
        try bind(node, spec: spec, item: item, execution: false).key
    }

    /// The arguments of `node` (with `item` bound for a foreach element), in both forms.
    func bind(_ node: GraphNode, spec: StepTypeSpec, item: Value?) throws -> BoundArguments {
        try bind(node, spec: spec, item: item, execution: true)
    }

    private func bind(
        _ node: GraphNode, spec: StepTypeSpec, item: Value?, execution withExecution: Bool
    ) throws -> BoundArguments {
        var execution: [String: Value] = [:]
        var key: [String: Value] = [:]
        var folders: [String: [(name: String, digest: FileDigest)]] = [:]
        var executionContext = self.executionContext(scope: node.scope)
        var keyContext = self.keyContext(scope: node.scope)
        if let item {
            executionContext = executionContext.with(item: item)
            keyContext = keyContext.with(item: item)
        }
        for argument in spec.arguments {
            let path = "steps.\(node.id).with.\(argument.name)"
            guard let written = node.step.argument(argument.name) else {
                if let value = argument.defaultValue {
                    execution[argument.name] = value
                    key[argument.name] = value
                }
                continue
            }
            if withExecution {
                var executionEvaluator = ExpressionEvaluator(context: executionContext)
                let executionValue = try expandingPatterns(
                    evaluate(written.node, as: argument.type, &executionEvaluator, path: path), argument.type,
                    path: path)
                execution[argument.name] = try Self.mapArtifacts(executionValue, argument.type) {
                    try absolutePath($0, path: path)
                }
            }
            var keyEvaluator = ExpressionEvaluator(context: keyContext)
            let keyValue = try expandingPatterns(
                evaluate(written.node, as: argument.type, &keyEvaluator, path: path), argument.type, path: path)
            key[argument.name] = try Self.mapArtifacts(keyValue, argument.type) {
                try contentDigest($0, path: path, folders: &folders)
            }
        }
        return BoundArguments(execution: execution, key: key, folders: folders)
    }

    private func evaluate(
        _ node: SourceNode, as type: ValueType?, _ evaluator: inout ExpressionEvaluator, path: String
    ) throws -> Value {
        do {
            return try ArgumentResolver.resolve(node, as: type, evaluator: &evaluator)
        } catch {
            throw StepFailure("\(path): \(error.message)", retryable: false)
        }
    }

    /// `value` with each glob pattern among the paths of a list of files (or sets) replaced by the
    /// paths it matches (see `PathPatterns`); a pattern that matches nothing is an error.
    private func expandingPatterns(_ value: Value, _ type: ValueType, path: String) throws -> Value {
        guard case .list(let element) = type, element.isArtifact, case .list(let items) = value else { return value }
        var expanded: [Value] = []
        expanded.reserveCapacity(items.count)
        for item in items {
            guard case .string(let text) = item, PathPatterns.isPattern(text),
                !FileManager.default.fileExists(atPath: resolvedURL(text).path)
            else {
                expanded.append(item)
                continue
            }
            let matches = try PathPatterns.expand(text, root: projectRoot, argument: path)
            guard !matches.isEmpty else {
                throw StepFailure(
                    "\(path): '\(text)' matches no file (relative paths are read from the project root \(projectRoot.path))",
                    retryable: false)
            }
            expanded += matches.map(Value.string)
        }
        return .list(expanded)
    }

    /// Applies `transform` to every artifact-typed string inside `value`.
    static func mapArtifacts(_ value: Value, _ type: ValueType, _ transform: (String) throws -> Value) throws -> Value {
        switch (type, value) {
        case (let artifact, .string(let text)) where artifact.isArtifact:
            return try transform(text)
        case (let artifact, .list(let items)) where artifact.isArtifact:
            return .list(try items.map { try mapArtifacts($0, artifact, transform) })
        case (.list(let element), .list(let items)):
            return .list(try items.map { try mapArtifacts($0, element, transform) })
        case (.map(let element), .map(let entries)):
            return .map(try entries.mapValues { try mapArtifacts($0, element, transform) })
        default:
            return value
        }
    }

    private func resolvedURL(_ text: String) -> URL {
        text.hasPrefix("/") ? URL(fileURLWithPath: text) : projectRoot.appendingPathComponent(text)
    }

    private func absolutePath(_ text: String, path: String) throws -> Value {
        let url = resolvedURL(text)
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw StepFailure(
                "\(path): '\(text)' does not exist (relative paths are read from the project root \(projectRoot.path))",
                retryable: false)
        }
        return .string(url.path)
    }

    private func contentDigest(
        _ text: String, path: String, folders: inout [String: [(name: String, digest: FileDigest)]]
    ) throws
        -> Value
    {
        if text.hasPrefix("sha256:"), Digest(text) != nil { return .string(text) }
        let url = resolvedURL(text)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
            throw StepFailure(
                "\(path): '\(text)' does not exist (relative paths are read from the project root \(projectRoot.path))",
                retryable: false)
        }
        do {
            if isDirectory.boolValue {
                let snapshot = try store.snapshot(ofDirectoryAt: url)
                folders[url.path] = snapshot.files
                return .string(snapshot.tree.digest.description)
            }
            return .string(try store.digest(ofFileAt: url).digest.description)
        } catch {
            throw StepFailure("\(path): cannot read '\(text)': \(error)", retryable: false)
        }
    }
}

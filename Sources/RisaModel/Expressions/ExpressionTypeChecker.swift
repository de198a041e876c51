/// What names mean while type-checking an expression.
public struct ExpressionScope: Sendable {
    /// Declared params and their types.
    public var params: [String: ValueType]
    /// Declared step ids and, for each, its outputs and their types.
    public var stepOutputs: [String: [String: ValueType]]
    /// The type of `item`, inside a `foreach` step.
    public var item: ValueType?

    /// Creates a scope.
    public init(params: [String: ValueType], stepOutputs: [String: [String: ValueType]], item: ValueType? = nil) {
        self.params = params
        self.stepOutputs = stepOutputs
        self.item = item
    }
}

/// A type problem inside an expression, at an offset of the expression text.
public struct ExpressionProblem: Hashable, Sendable {
    /// What is wrong.
    public var message: String
    /// Offset of the offending sub-expression.
    public var offset: Int
}

/// Infers the type of an expression and finds every reference to something that does not exist.
public enum ExpressionTypeChecker {
    /// The functions expressions may call: name -> (arity range, description).
    public static let functions: [String: (arity: ClosedRange<Int>, signature: String)] = [
        "format": (1...32, "format(template, args...): '{0}' in the template is replaced by the first argument"),
        "join": (1...2, "join(list, separator = ','): the list's elements as one string"),
        "default": (2...2, "default(value, fallback): fallback when value is null or empty"),
        "basename": (1...1, "basename(path): the last path component"),
    ]

    /// Namespaces an expression may start with.
    public static let roots = ["params", "steps", "secrets", "env", "run", "item"]

    /// Fields of `run`.
    public static let runFields = ["id", "pipeline"]

    /// The expression's type, with every problem found (empty when it checks).
    public static func check(_ expression: Expression, in scope: ExpressionScope) -> (ValueType, [ExpressionProblem]) {
        var problems: [ExpressionProblem] = []
        let type = infer(expression, scope, &problems)
        return (type, problems)
    }

    private static func infer(
        _ expression: Expression, _ scope: ExpressionScope, _ problems: inout [ExpressionProblem]
    ) -> ValueType {
        switch expression {
        case .literal(let value, _):
            switch value {
            case .bool: return .bool
            case .int: return .int
            case .number: return .number
            case .string: return .string
            default: return .json
            }
        case .identifier(let name, let offset):
            if name == "item" {
                if let item = scope.item { return item }
                problems.append(
                    ExpressionProblem(message: "'item' is only defined in a step with 'foreach'", offset: offset))
                return .json
            }
            if roots.contains(name) {
                problems.append(
                    ExpressionProblem(message: "'\(name)' needs a field, as in \(example(name))", offset: offset))
            } else {
                problems.append(
                    ExpressionProblem(
                        message: "unknown name '\(name)'" + Suggestions.hint(for: name, among: roots), offset: offset))
            }
            return .json
        case .member(let base, let field, let offset):
            return member(base, field, offset, expression, scope, &problems)
        case .index(let base, let index, _):
            let baseType = infer(base, scope, &problems)
            _ = infer(index, scope, &problems)
            switch baseType {
            case .list(let element): return element
            case .map(let element): return element
            default: return .json
            }
        case .not(let operand, _):
            _ = infer(operand, scope, &problems)
            return .bool
        case .binary(let op, let lhs, let rhs, let offset):
            let left = infer(lhs, scope, &problems)
            let right = infer(rhs, scope, &problems)
            if [.less, .lessOrEqual, .greater, .greaterOrEqual].contains(op) {
                let comparable: Set<ValueType> = [.int, .number, .string, .duration, .json, .path]
                for type in [left, right] where !comparable.contains(type) {
                    if case .enumeration = type { continue }
                    problems.append(
                        ExpressionProblem(
                            message: "'\(op.rawValue)' compares numbers or strings, not \(type)", offset: offset))
                }
            }
            return .bool
        case .call(let name, let arguments, let offset):
            let argumentTypes = arguments.map { infer($0, scope, &problems) }
            guard let function = functions[name] else {
                problems.append(
                    ExpressionProblem(
                        message: "unknown function '\(name)'" + Suggestions.hint(for: name, among: functions.keys),
                        offset: offset))
                return .json
            }
            guard function.arity.contains(arguments.count) else {
                problems.append(
                    ExpressionProblem(message: "wrong number of arguments: \(function.signature)", offset: offset))
                return .json
            }
            switch name {
            case "default": return argumentTypes[0]
            case "join":
                if case .list = argumentTypes[0] { return .string }
                if argumentTypes[0] != .json {
                    problems.append(
                        ExpressionProblem(
                            message: "join takes a list, got \(argumentTypes[0])", offset: arguments[0].offset))
                }
                return .string
            default: return .string
            }
        }
    }

    private static func member(
        _ base: Expression, _ field: String, _ offset: Int, _ whole: Expression,
        _ scope: ExpressionScope, _ problems: inout [ExpressionProblem]
    ) -> ValueType {
        if let path = whole.dottedPath {
            switch path[0] {
            case "params":
                guard path.count == 2 else { break }
                if let type = scope.params[field] { return type }
                problems.append(
                    ExpressionProblem(
                        message: "unknown param '\(field)'" + Suggestions.hint(for: field, among: scope.params.keys),
                        offset: offset))
                return .json
            case "secrets", "env":
                guard path.count == 2 else { break }
                return .string
            case "run":
                guard path.count == 2 else { break }
                if runFields.contains(field) { return .string }
                problems.append(
                    ExpressionProblem(
                        message: "unknown field 'run.\(field)'" + Suggestions.hint(for: field, among: runFields),
                        offset: offset))
                return .json
            case "steps":
                if path.count == 2 {
                    checkStep(field, offset, scope, &problems)
                    return .json
                }
                if path.count == 3 {
                    if field != "outputs" {
                        problems.append(
                            ExpressionProblem(message: "expected 'steps.\(path[1]).outputs.NAME'", offset: offset))
                    } else {
                        checkStep(path[1], offset, scope, &problems)
                    }
                    return .json
                }
                if path.count == 4, path[2] == "outputs" {
                    guard let outputs = checkStep(path[1], offset, scope, &problems) else { return .json }
                    if let type = outputs[field] { return type }
                    problems.append(
                        ExpressionProblem(
                            message: "step '\(path[1])' has no output '\(field)'" + outputsHint(field, outputs),
                            offset: offset))
                    return .json
                }
            default:
                break
            }
        }
        let baseType = infer(base, scope, &problems)
        switch baseType {
        case .map(let element): return element
        default: return .json
        }
    }

    @discardableResult
    private static func checkStep(
        _ id: String, _ offset: Int, _ scope: ExpressionScope,
        _ problems: inout [ExpressionProblem]
    ) -> [String: ValueType]? {
        if let outputs = scope.stepOutputs[id] { return outputs }
        problems.append(
            ExpressionProblem(
                message: "unknown step '\(id)'" + Suggestions.hint(for: id, among: scope.stepOutputs.keys),
                offset: offset))
        return nil
    }

    private static func outputsHint(_ field: String, _ outputs: [String: ValueType]) -> String {
        if let suggestion = Suggestions.closest(to: field, among: outputs.keys) {
            return " (did you mean '\(suggestion)'?)"
        }
        if outputs.isEmpty { return " (it has no outputs)" }
        return " (its outputs: \(outputs.keys.sorted().joined(separator: ", ")))"
    }

    private static func example(_ root: String) -> String {
        switch root {
        case "steps": return "steps.ID.outputs.NAME"
        case "run": return "run.id"
        default: return "\(root).NAME"
        }
    }
}

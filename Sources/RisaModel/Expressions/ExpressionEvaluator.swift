import Foundation
import RisaCore

/// What names mean while evaluating an expression.
public protocol EvaluationContext {
    /// The value of param `name`, or nil when it has none.
    func param(_ name: String) throws(EvaluationError) -> Value?
    /// The value of output `output` of step `step`; throws `.unavailable` before the step ran.
    func stepOutput(step: String, output: String) throws(EvaluationError) -> Value
    /// The secret `name` (from the environment or the secrets file), or nil.
    func secret(_ name: String) -> String?
    /// The environment variable `name`, or nil.
    func environment(_ name: String) -> String?
    /// `run.id`, `run.pipeline`.
    func runField(_ name: String) -> String?
    /// `item` inside `foreach`.
    var item: Value? { get }
}

/// Why an expression could not be evaluated.
public struct EvaluationError: Error, Sendable, CustomStringConvertible {
    /// What went wrong.
    public var message: String
    /// True when a value is simply not known yet (a step output at planning time), not an error.
    public var isUnavailable: Bool

    /// A real error.
    public init(_ message: String) {
        self.message = message
        self.isUnavailable = false
    }

    /// A value not known yet.
    public static func unavailable(_ message: String) -> EvaluationError {
        var error = EvaluationError(message)
        error.isUnavailable = true
        return error
    }

    public var description: String { message }
}

/// Evaluates expressions and templates against a context.
///
/// Names of the secrets an evaluation reads are collected in `secretsUsed`, so that callers can
/// redact values that carry them and keep them out of cache keys and records.
public struct ExpressionEvaluator {
    /// The context names are looked up in.
    public let context: any EvaluationContext
    /// The secrets read so far.
    public private(set) var secretsUsed: Set<String> = []

    /// Creates an evaluator.
    public init(context: any EvaluationContext) {
        self.context = context
    }

    /// The value of a template: the expression's own value when the template is exactly one
    /// expression, otherwise the joined text.
    public mutating func render(_ template: Template) throws(EvaluationError) -> Value {
        if let sole = template.soleExpression { return try evaluate(sole) }
        var text = ""
        for part in template.parts {
            switch part {
            case .text(let literal): text += literal
            case .expression(let expression, _, _): text += Self.text(of: try evaluate(expression))
            }
        }
        return .string(text)
    }

    /// The value of `expression`.
    public mutating func evaluate(_ expression: Expression) throws(EvaluationError) -> Value {
        switch expression {
        case .literal(let value, _):
            return value
        case .identifier(let name, _):
            if name == "item" {
                if let item = context.item { return item }
                throw EvaluationError.unavailable("'item' is bound to each element of 'foreach' when the step runs")
            }
            throw EvaluationError("'\(name)' has no value here")
        case .member(let base, let field, _):
            if let path = expression.dottedPath, let value = try namespaced(path) { return value }
            let container = try evaluate(base)
            guard case .map(let entries) = container else {
                throw EvaluationError("cannot read '.\(field)' of \(Self.kind(container))")
            }
            return entries[field] ?? .null
        case .index(let base, let index, _):
            let container = try evaluate(base)
            let key = try evaluate(index)
            switch (container, key) {
            case (.list(let items), .int(let position)):
                guard items.indices.contains(position) else {
                    throw EvaluationError("index \(position) is outside the list of \(items.count)")
                }
                return items[position]
            case (.map(let entries), .string(let name)):
                return entries[name] ?? .null
            default:
                throw EvaluationError("cannot index \(Self.kind(container)) with \(Self.kind(key))")
            }
        case .not(let operand, _):
            return .bool(!(try evaluate(operand)).isTruthy)
        case .binary(let op, let lhs, let rhs, _):
            return try binary(op, lhs, rhs)
        case .call(let name, let arguments, _):
            var values: [Value] = []
            for argument in arguments {
                do {
                    values.append(try evaluate(argument))
                } catch  where name == "default" && !error.isUnavailable {
                    values.append(.null)
                }
            }
            return try call(name, values)
        }
    }

    private mutating func namespaced(_ path: [String]) throws(EvaluationError) -> Value? {
        switch (path[0], path.count) {
        case ("params", 2):
            return try context.param(path[1]) ?? .null
        case ("secrets", 2):
            guard let secret = context.secret(path[1]) else {
                throw EvaluationError("secret '\(path[1])' is not set (environment or secrets file)")
            }
            secretsUsed.insert(path[1])
            return .string(secret)
        case ("env", 2):
            return context.environment(path[1]).map(Value.string) ?? .null
        case ("run", 2):
            return context.runField(path[1]).map(Value.string) ?? .null
        case ("steps", 4) where path[2] == "outputs":
            return try context.stepOutput(step: path[1], output: path[3])
        default:
            return nil
        }
    }

    private mutating func binary(
        _ op: Expression.BinaryOperator, _ lhs: Expression, _ rhs: Expression
    ) throws(EvaluationError) -> Value {
        switch op {
        case .and:
            guard try evaluate(lhs).isTruthy else { return .bool(false) }
            return .bool(try evaluate(rhs).isTruthy)
        case .or:
            if try evaluate(lhs).isTruthy { return .bool(true) }
            return .bool(try evaluate(rhs).isTruthy)
        case .equal:
            return .bool(Self.equal(try evaluate(lhs), try evaluate(rhs)))
        case .notEqual:
            return .bool(!Self.equal(try evaluate(lhs), try evaluate(rhs)))
        case .less, .lessOrEqual, .greater, .greaterOrEqual:
            let left = try evaluate(lhs)
            let right = try evaluate(rhs)
            let order: ComparisonResult
            if let a = left.doubleValue, let b = right.doubleValue {
                order = a < b ? .orderedAscending : (a > b ? .orderedDescending : .orderedSame)
            } else if case .string(let a) = left, case .string(let b) = right {
                order = a < b ? .orderedAscending : (a > b ? .orderedDescending : .orderedSame)
            } else {
                throw EvaluationError("cannot compare \(Self.kind(left)) with \(Self.kind(right))")
            }
            switch op {
            case .less: return .bool(order == .orderedAscending)
            case .lessOrEqual: return .bool(order != .orderedDescending)
            case .greater: return .bool(order == .orderedDescending)
            default: return .bool(order != .orderedAscending)
            }
        }
    }

    private func call(_ name: String, _ arguments: [Value]) throws(EvaluationError) -> Value {
        switch name {
        case "format":
            guard case .string(let pattern) = arguments[0] else {
                throw EvaluationError("format's first argument must be a string")
            }
            return .string(try Self.format(pattern, Array(arguments.dropFirst())))
        case "join":
            guard case .list(let items) = arguments[0] else {
                throw EvaluationError("join takes a list, got \(Self.kind(arguments[0]))")
            }
            let separator = arguments.count > 1 ? Self.text(of: arguments[1]) : ","
            return .string(items.map(Self.text(of:)).joined(separator: separator))
        case "default":
            let value = arguments[0]
            if value == .null || value == .string("") { return arguments[1] }
            return value
        case "basename":
            let path = Self.text(of: arguments[0])
            let trimmed = path.hasSuffix("/") ? String(path.dropLast()) : path
            return .string(trimmed.split(separator: "/").last.map(String.init) ?? trimmed)
        default:
            throw EvaluationError("unknown function '\(name)'")
        }
    }

    /// `format('{0}x{1}', 512, 768)` -> `512x768`; `{{` and `}}` are literal braces.
    static func format(_ pattern: String, _ arguments: [Value]) throws(EvaluationError) -> String {
        var output = ""
        var characters = Substring(pattern)
        while let character = characters.first {
            characters = characters.dropFirst()
            if character == "{" {
                if characters.first == "{" {
                    characters = characters.dropFirst()
                    output.append("{")
                    continue
                }
                let digits = characters.prefix { $0.isNumber }
                guard !digits.isEmpty, characters.dropFirst(digits.count).first == "}", let index = Int(digits) else {
                    throw EvaluationError("format: expected '{N}' in '\(pattern)'")
                }
                guard arguments.indices.contains(index) else {
                    throw EvaluationError("format: no argument {\(index)} in '\(pattern)'")
                }
                output += text(of: arguments[index])
                characters = characters.dropFirst(digits.count + 1)
            } else if character == "}" {
                if characters.first == "}" { characters = characters.dropFirst() }
                output.append("}")
            } else {
                output.append(character)
            }
        }
        return output
    }

    /// How a value reads inside a text: strings as they are, numbers plainly, null as nothing,
    /// lists and maps as JSON.
    public static func text(of value: Value) -> String {
        switch value {
        case .null: return ""
        case .bool(let flag): return flag ? "true" : "false"
        case .int(let number): return String(number)
        case .number(let number):
            return number == number.rounded() && abs(number) < 1e15 ? String(Int(number)) : String(number)
        case .string(let text): return text
        case .list, .map: return CanonicalJSON.string(value)
        }
    }

    static func equal(_ lhs: Value, _ rhs: Value) -> Bool {
        if let a = lhs.doubleValue, let b = rhs.doubleValue { return a == b }
        return lhs == rhs
    }

    static func kind(_ value: Value) -> String {
        switch value {
        case .null: return "null"
        case .bool: return "a bool"
        case .int: return "an int"
        case .number: return "a number"
        case .string: return "a string"
        case .list: return "a list"
        case .map: return "a mapping"
        }
    }
}

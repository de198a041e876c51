import RisaCore
import RisaModel

/// Turns a written value into its runtime `Value`: literals converted to their declared type,
/// templates rendered, nested lists and maps resolved element by element.
public enum ArgumentResolver {
    /// The value of `node`, converted to `type` when one is given.
    public static func resolve(
        _ node: SourceNode, as type: ValueType?, evaluator: inout ExpressionEvaluator
    ) throws(EvaluationError) -> Value {
        switch node.kind {
        case .scalar(let scalar):
            if scalar.hasTemplateMarker {
                let template: Template
                do {
                    template = try scalar.template.get()
                } catch {
                    throw EvaluationError("invalid expression: \(error.message)")
                }
                let value = try evaluator.render(template)
                return type.map { coerce(value, to: $0) } ?? value
            }
            var ignored: [Diagnostic] = []
            if let type, let value = LiteralConverter.convert(node, to: type, path: "", diagnostics: &ignored) {
                return value
            }
            return scalar.resolved.value
        case .sequence(let elements):
            var element: ValueType?
            if case .list(let inner) = type { element = inner }
            var values: [Value] = []
            for child in elements { values.append(try resolve(child, as: element, evaluator: &evaluator)) }
            return .list(values)
        case .mapping(let entries):
            var element: ValueType?
            if case .map(let inner) = type { element = inner }
            var values: [String: Value] = [:]
            for entry in entries { values[entry.key] = try resolve(entry.value, as: element, evaluator: &evaluator) }
            return .map(values)
        }
    }

    /// `value` in the canonical form of `type` where a conversion is defined (durations to seconds,
    /// numbers to text for strings); otherwise unchanged.
    public static func coerce(_ value: Value, to type: ValueType) -> Value {
        switch (type, value) {
        case (.duration, .string(let text)): return DurationParser.seconds(text).map(Value.number) ?? value
        case (.duration, .int(let seconds)): return .number(Double(seconds))
        case (.string, .int), (.string, .number), (.path, .int), (.path, .number):
            return .string(ExpressionEvaluator.text(of: value))
        case (.int, .string(let text)): return Int(text).map(Value.int) ?? value
        case (.number, .string(let text)): return Double(text).map(Value.number) ?? value
        case (.list(let element), .list(let items)): return .list(items.map { coerce($0, to: element) })
        case (.map(let element), .map(let entries)): return .map(entries.mapValues { coerce($0, to: element) })
        default: return value
        }
    }
}

import RisaCore

/// Converts literal YAML (no `${{ }}`) to typed `Value`s, reporting mismatches as diagnostics.
///
/// Canonical forms: durations become seconds (`.number`), paths and enum members stay strings, ints
/// written where numbers are expected stay ints (they widen when used).
public enum LiteralConverter {
    /// The value of `node` as `type`, or nil with a diagnostic in `diagnostics`.
    public static func convert(
        _ node: SourceNode, to type: ValueType, path: String, diagnostics: inout [Diagnostic]
    ) -> Value? {
        func fail(_ message: String) -> Value? {
            diagnostics.append(Diagnostic(at: node.location, path: path, message))
            return nil
        }
        func mismatch() -> Value? { fail("expected \(type), got \(node.summary)") }

        switch type {
        case .json:
            return json(node)
        case .list(let element):
            guard let elements = node.elements else {
                // A single scalar where a list is expected is a one-element list: `paths: a.mp4`.
                if node.scalar != nil, node.scalar?.resolved != .null {
                    return convert(node, to: element, path: path, diagnostics: &diagnostics).map { .list([$0]) }
                }
                return mismatch()
            }
            var values: [Value] = []
            var ok = true
            for (index, child) in elements.enumerated() {
                if let value = convert(child, to: element, path: "\(path)[\(index)]", diagnostics: &diagnostics) {
                    values.append(value)
                } else {
                    ok = false
                }
            }
            return ok ? .list(values) : nil
        case .map(let element):
            guard let entries = node.entries else { return mismatch() }
            var values: [String: Value] = [:]
            var ok = true
            for entry in entries {
                if let value = convert(
                    entry.value, to: element, path: "\(path).\(entry.key)", diagnostics: &diagnostics)
                {
                    values[entry.key] = value
                } else {
                    ok = false
                }
            }
            return ok ? .map(values) : nil
        default:
            guard let scalar = node.scalar else { return mismatch() }
            return convert(scalar, to: type) ?? mismatch()
        }
    }

    /// The value of one scalar as `type`, or nil when it does not fit.
    public static func convert(_ scalar: SourceNode.Scalar, to type: ValueType) -> Value? {
        let resolved = scalar.resolved
        switch (type, resolved) {
        case (.string, .string(let text)), (.path, .string(let text)): return .string(text)
        case (.string, .int), (.string, .number): return .string(scalar.text)
        case (.int, .int(let number)): return .int(number)
        case (.number, .int(let number)): return .int(number)
        case (.number, .number(let number)) where number.isFinite: return .number(number)
        case (.bool, .bool(let flag)): return .bool(flag)
        case (.duration, .int(let number)) where number >= 0: return .number(Double(number))
        case (.duration, .number(let number)) where number >= 0 && number.isFinite: return .number(number)
        case (.duration, .string(let text)): return DurationParser.seconds(text).map(Value.number)
        case (.enumeration(let allowed), _) where allowed.contains(scalar.text) && resolved != .null:
            return .string(scalar.text)
        case (let artifact, .string(let text)) where artifact.isArtifact: return .string(text)
        case (.json, _): return resolved.value
        default: return nil
        }
    }

    /// The node as an untyped JSON-shaped value.
    public static func json(_ node: SourceNode) -> Value {
        switch node.kind {
        case .scalar(let scalar): return scalar.resolved.value
        case .sequence(let elements): return .list(elements.map(json))
        case .mapping(let entries):
            var map: [String: Value] = [:]
            for entry in entries { map[entry.key] = json(entry.value) }
            return .map(map)
        }
    }
}

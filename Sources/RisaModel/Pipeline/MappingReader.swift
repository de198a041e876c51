/// Reads the keys of one YAML mapping, reporting keys that are not allowed (with a suggestion) and
/// values of the wrong shape. Used by the decoders of pipelines, params and steps.
struct MappingReader {
    let node: SourceNode
    let path: String
    let allowed: [String]
    private(set) var diagnostics: [Diagnostic] = []

    /// Starts reading `node`, which must be a mapping; anything else is reported.
    init(_ node: SourceNode, path: String, allowed: [String], what: String) {
        self.node = node
        self.path = path
        self.allowed = allowed
        if node.entries == nil {
            diagnostics.append(
                Diagnostic(at: node.location, path: path, "expected \(what) (a mapping), got \(node.summary)"))
            return
        }
        for entry in node.entries! where !allowed.contains(entry.key) {
            diagnostics.append(
                Diagnostic(
                    at: entry.keyLocation, path: join(entry.key),
                    "unknown key '\(entry.key)'" + Suggestions.hint(for: entry.key, among: allowed)))
        }
    }

    func join(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    subscript(key: String) -> SourceNode.Entry? { node[key] }

    /// A string value; other scalars and collections are reported.
    mutating func string(_ key: String) -> String? {
        guard let entry = node[key] else { return nil }
        guard let scalar = entry.value.scalar, case .string(let text) = scalar.resolved else {
            if let scalar = entry.value.scalar, scalar.resolved != .null {
                return scalar.text
            }
            diagnostics.append(
                Diagnostic(at: entry.value.location, path: join(key), "expected a string, got \(entry.value.summary)"))
            return nil
        }
        return text
    }

    /// A bool value.
    mutating func bool(_ key: String) -> Bool? {
        guard let entry = node[key] else { return nil }
        guard let scalar = entry.value.scalar, case .bool(let flag) = scalar.resolved else {
            diagnostics.append(
                Diagnostic(
                    at: entry.value.location, path: join(key), "expected true or false, got \(entry.value.summary)"))
            return nil
        }
        return flag
    }

    /// A whole number within `range`.
    mutating func int(_ key: String, in range: ClosedRange<Int>) -> Int? {
        guard let entry = node[key] else { return nil }
        guard let scalar = entry.value.scalar, case .int(let number) = scalar.resolved else {
            diagnostics.append(
                Diagnostic(at: entry.value.location, path: join(key), "expected int, got \(entry.value.summary)"))
            return nil
        }
        guard range.contains(number) else {
            diagnostics.append(
                Diagnostic(
                    at: entry.value.location, path: join(key),
                    "expected a value from \(range.lowerBound) to \(range.upperBound), got \(number)"))
            return nil
        }
        return number
    }

    /// A duration (`10m`, `2s`, or seconds as a number), in seconds.
    mutating func duration(_ key: String) -> Double? {
        guard let entry = node[key] else { return nil }
        if let scalar = entry.value.scalar {
            switch scalar.resolved {
            case .int(let number) where number >= 0: return Double(number)
            case .number(let number) where number >= 0 && number.isFinite: return number
            case .string(let text):
                if let seconds = DurationParser.seconds(text) { return seconds }
            default: break
            }
        }
        diagnostics.append(
            Diagnostic(
                at: entry.value.location, path: join(key),
                "expected a duration such as 30s, 10m or 1h30m, got \(entry.value.summary)"))
        return nil
    }

    /// Records a problem with the value under `key`.
    mutating func report(_ key: String, _ message: String) {
        let location = node[key]?.value.location ?? node.location
        diagnostics.append(Diagnostic(at: location, path: join(key), message))
    }

    /// Records a diagnostic made elsewhere.
    mutating func add(_ more: [Diagnostic]) {
        diagnostics.append(contentsOf: more)
    }
}

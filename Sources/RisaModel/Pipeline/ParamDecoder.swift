import RisaCore

/// Decodes one `params:` entry: either a full declaration (`{type: int, default: 512}`) or a bare
/// default whose type is taken from the value (`size: 512`).
enum ParamDecoder {
    static func decode(_ entry: SourceNode.Entry, path: String, diagnostics: inout [Diagnostic]) -> ParamDecl? {
        guard Identifier.isValid(entry.key) else {
            diagnostics.append(
                Diagnostic(at: entry.keyLocation, path: path, Identifier.problem(entry.key, what: "param")))
            return nil
        }
        if let scalar = entry.value.scalar {
            guard let type = inferredType(scalar.resolved) else {
                diagnostics.append(
                    Diagnostic(
                        at: entry.value.location, path: path,
                        "a param needs a declaration such as {type: string} or a default value, got null"))
                return nil
            }
            return ParamDecl(
                name: entry.key, type: type, defaultValue: scalar.resolved.value, required: false,
                description: nil, location: entry.keyLocation)
        }
        var reader = MappingReader(
            entry.value, path: path, allowed: PipelineDecoder.paramKeys, what: "a param declaration")
        defer { diagnostics.append(contentsOf: reader.diagnostics) }
        guard entry.value.entries != nil else { return nil }

        guard let typeName = reader.string("type") else {
            if reader["type"] == nil { reader.report("type", "a param needs a 'type'") }
            return nil
        }
        var type: ValueType
        switch typeName {
        case "enum":
            guard let valuesNode = reader["values"]?.value, let elements = valuesNode.elements, !elements.isEmpty else {
                reader.report("values", "an enum param needs 'values', a non-empty list of strings")
                return nil
            }
            type = .enumeration(elements.compactMap { $0.scalar?.text })
        case "list", "map":
            let elementName = reader.string("of") ?? "string"
            guard let element = ValueType.parse(elementName) else {
                reader.report(
                    "of",
                    "unknown type '\(elementName)'"
                        + Suggestions.hint(for: elementName, among: ValueType.namedTypes.keys))
                return nil
            }
            type = typeName == "list" ? .list(element) : .map(element)
        default:
            guard let parsed = ValueType.parse(typeName) else {
                let candidates = Array(ValueType.namedTypes.keys) + ["enum", "list", "map"]
                reader.report("type", "unknown type '\(typeName)'" + Suggestions.hint(for: typeName, among: candidates))
                return nil
            }
            type = parsed
        }
        if typeName != "enum", reader["values"] != nil {
            reader.report("values", "'values' belongs to enum params only")
        }
        if typeName != "list", typeName != "map", reader["of"] != nil {
            reader.report("of", "'of' belongs to list and map params only")
        }

        var defaultValue: Value?
        if let defaultNode = reader["default"]?.value {
            var problems: [Diagnostic] = []
            defaultValue = LiteralConverter.convert(
                defaultNode, to: type, path: "\(path).default", diagnostics: &problems)
            reader.add(problems)
        }
        let required = reader.bool("required") ?? false
        if required, defaultValue != nil {
            reader.report("required", "a required param cannot also have a default")
        }
        return ParamDecl(
            name: entry.key, type: type, defaultValue: defaultValue, required: required,
            description: reader.string("description"), location: entry.keyLocation)
    }

    private static func inferredType(_ scalar: ResolvedScalar) -> ValueType? {
        switch scalar {
        case .null: return nil
        case .bool: return .bool
        case .int: return .int
        case .number: return .number
        case .string: return .string
        }
    }
}

/// The rules for step ids and param names: a letter or `_`, then letters, digits, `_` or `-`.
public enum Identifier {
    /// Whether `name` is a valid id.
    public static func isValid(_ name: String) -> Bool {
        // ASCII names (nearly all) are decided on their bytes; Unicode properties are looked up
        // only for the rest.
        var ascii = true
        for (position, byte) in name.utf8.enumerated() {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "_"):
                continue
            case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"): if position == 0 { return false }
            case 0x80...: ascii = false
            default: return false
            }
            if !ascii { break }
        }
        if ascii { return !name.isEmpty }
        guard let first = name.unicodeScalars.first, first.properties.isAlphabetic || first == "_" else { return false }
        return name.unicodeScalars.allSatisfy {
            $0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_" || $0 == "-"
        }
    }

    /// The message for an invalid id.
    public static func problem(_ name: String, what: String) -> String {
        "'\(name)' is not a valid \(what) name: use letters, digits, '_' and '-', starting with a letter or '_'"
    }
}

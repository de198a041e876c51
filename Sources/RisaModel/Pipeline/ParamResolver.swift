import RisaCore

/// Gives every param of a pipeline its value: command-line `-p name=value` overrides first, then a
/// params file, then the declared default; required params without a value are reported.
public struct ParamResolver: Sendable {
    /// The pipeline whose params are resolved.
    public let pipeline: Pipeline

    /// Creates a resolver.
    public init(pipeline: Pipeline) {
        self.pipeline = pipeline
    }

    /// One `-p name=value` from the command line.
    public struct Override: Sendable {
        /// The param's name.
        public var name: String
        /// The text after `=`.
        public var text: String
        /// Its position on the command line (1-based), for messages.
        public var position: Int

        /// Parses `name=value`; nil when there is no `=`.
        public init?(_ argument: String, position: Int) {
            guard let equals = argument.firstIndex(of: "=") else { return nil }
            name = String(argument[..<equals])
            text = String(argument[argument.index(after: equals)...])
            self.position = position
        }
    }

    /// The value of every param that has one, or the problems found.
    /// - Parameters:
    ///   - overrides: `-p` values, which win over everything else.
    ///   - paramsFile: the root node of a `--params` YAML file (a mapping of names to values).
    public func resolve(overrides: [Override], paramsFile: SourceNode? = nil) -> ([String: Value], [Diagnostic]) {
        var values: [String: Value] = [:]
        var diagnostics: [Diagnostic] = []
        let names = pipeline.params.map(\.name)
        for param in pipeline.params {
            if let value = param.defaultValue { values[param.name] = value }
        }
        if let paramsFile {
            if let entries = paramsFile.entries {
                for entry in entries {
                    guard let param = pipeline.param(entry.key) else {
                        diagnostics.append(
                            Diagnostic(
                                at: entry.keyLocation, path: entry.key,
                                "'\(pipeline.name)' has no param '\(entry.key)'"
                                    + Suggestions.hint(for: entry.key, among: names)))
                        continue
                    }
                    if let value = LiteralConverter.convert(
                        entry.value, to: param.type, path: "params.\(entry.key)", diagnostics: &diagnostics)
                    {
                        values[param.name] = value
                    }
                }
            } else {
                diagnostics.append(
                    Diagnostic(
                        at: paramsFile.location, path: "",
                        "a params file is a mapping of param names to values, got \(paramsFile.summary)"))
            }
        }
        for override in overrides {
            let location = SourceLocation(file: "<command line>", line: 1, column: override.position)
            guard let param = pipeline.param(override.name) else {
                diagnostics.append(
                    Diagnostic(
                        at: location, path: "-p \(override.name)",
                        "'\(pipeline.name)' has no param '\(override.name)'"
                            + Suggestions.hint(for: override.name, among: names)))
                continue
            }
            if let value = Self.parse(
                override.text, as: param.type, path: "params.\(param.name)", location: location,
                diagnostics: &diagnostics)
            {
                values[param.name] = value
            }
        }
        for param in pipeline.params where param.required && values[param.name] == nil {
            diagnostics.append(
                Diagnostic(
                    at: param.location, path: "params.\(param.name)",
                    "required param '\(param.name)' (\(param.type)) has no value; pass -p \(param.name)=VALUE"))
        }
        return (values, diagnostics)
    }

    /// Parses command-line text as `type`: strings and paths as written; everything else as a YAML
    /// value (so `-p sizes=[512,768]` is a list and `-p flip=true` a bool); a list also takes
    /// comma-separated text.
    static func parse(
        _ text: String, as type: ValueType, path: String, location: SourceLocation,
        diagnostics: inout [Diagnostic]
    ) -> Value? {
        switch type {
        case .string, .path: return .string(text)
        case .enumeration(let allowed):
            if allowed.contains(text) { return .string(text) }
            diagnostics.append(
                Diagnostic(
                    at: location, path: path,
                    "expected one of \(allowed.joined(separator: ", ")), got \"\(text)\""
                        + Suggestions.hint(for: text, among: allowed)))
            return nil
        case let artifact where artifact.isArtifact: return .string(text)
        default: break
        }
        var yamlText = text
        if case .list = type, !text.hasPrefix("[") { yamlText = "[\(text)]" }
        let loaded = YAMLLoader(limits: .init(maxBytes: 1 << 20, maxNodes: 100_000, maxDepth: 32)).load(
            yamlText, file: location.file)
        guard let root = loaded.root, loaded.diagnostics.isEmpty else {
            diagnostics.append(Diagnostic(at: location, path: path, "expected \(type), got \"\(text)\""))
            return nil
        }
        var problems: [Diagnostic] = []
        let value = LiteralConverter.convert(root, to: type, path: path, diagnostics: &problems)
        diagnostics.append(contentsOf: problems.map { Diagnostic(at: location, path: $0.path, $0.message) })
        return value
    }
}

import RisaCore

/// Turns a loaded YAML document into a `Pipeline`, reporting every shape problem it meets: unknown
/// keys (with suggestions), wrong value shapes, bad types and defaults.
///
/// Semantic checks across declarations (step types, references, expression types, cycles) come
/// after, in `PipelineValidator` and the graph builder.
public enum PipelineDecoder {
    /// Top-level keys of a pipeline file.
    public static let pipelineKeys = ["name", "description", "include", "params", "steps", "outputs"]
    /// Keys of a step.
    public static let stepKeys = [
        "uses", "with", "needs", "if", "foreach", "retry", "timeout", "cache", "resources", "on_error", "description",
    ]
    /// Keys of a param declaration.
    public static let paramKeys = ["type", "of", "values", "default", "required", "description"]

    /// Decodes `root` (the document of `file`) and returns the pipeline and the problems found.
    public static func decode(_ root: SourceNode?, file: String) -> (Pipeline?, [Diagnostic]) {
        let start = SourceLocation(file: file, line: 1, column: 1)
        guard let root else {
            return (nil, [Diagnostic(at: start, path: "", "the file is empty; a pipeline needs at least 'steps'")])
        }
        var reader = MappingReader(root, path: "", allowed: pipelineKeys, what: "a pipeline")
        guard root.entries != nil else { return (nil, reader.diagnostics) }

        var pipeline = Pipeline(
            file: file, name: reader.string("name") ?? defaultName(file), description: reader.string("description"),
            includes: [], params: [], steps: [], outputs: [], location: root.location)

        if let include = reader["include"] {
            pipeline.includes = decodeIncludes(include.value, diagnostics: &reader)
        }
        if let params = reader["params"] {
            pipeline.params = decodeParams(params.value, reader: &reader)
        }
        if let steps = reader["steps"] {
            pipeline.steps = decodeSteps(steps.value, reader: &reader)
        } else if pipeline.includes.isEmpty {
            reader.add([Diagnostic(at: root.location, path: "steps", "a pipeline needs 'steps'")])
        }
        if let outputs = reader["outputs"] {
            if let entries = outputs.value.entries {
                pipeline.outputs = entries.map {
                    OutputDecl(
                        name: $0.key, value: ArgumentNode(key: $0.key, keyLocation: $0.keyLocation, node: $0.value))
                }
            } else {
                reader.report("outputs", "expected a mapping of output names to values, got \(outputs.value.summary)")
            }
        }
        return (pipeline, reader.diagnostics)
    }

    /// The file name without directories and extension.
    public static func defaultName(_ file: String) -> String {
        let base = file.split(separator: "/").last.map(String.init) ?? file
        if let dot = base.lastIndex(of: "."), dot != base.startIndex { return String(base[..<dot]) }
        return base
    }

    private static func decodeIncludes(_ node: SourceNode, diagnostics reader: inout MappingReader) -> [Include] {
        let nodes = node.elements ?? [node]
        var includes: [Include] = []
        for (index, element) in nodes.enumerated() {
            if let scalar = element.scalar, case .string(let path) = scalar.resolved {
                includes.append(Include(path: path, location: element.location))
            } else {
                reader.add([
                    Diagnostic(
                        at: element.location, path: "include[\(index)]",
                        "expected a recipe path, got \(element.summary)")
                ])
            }
        }
        return includes
    }

    private static func decodeParams(_ node: SourceNode, reader: inout MappingReader) -> [ParamDecl] {
        guard let entries = node.entries else {
            reader.report("params", "expected a mapping of param names to declarations, got \(node.summary)")
            return []
        }
        var params: [ParamDecl] = []
        for entry in entries {
            var diagnostics: [Diagnostic] = []
            if let param = ParamDecoder.decode(entry, path: "params.\(entry.key)", diagnostics: &diagnostics) {
                params.append(param)
            }
            reader.add(diagnostics)
        }
        return params
    }

    private static func decodeSteps(_ node: SourceNode, reader: inout MappingReader) -> [StepDecl] {
        guard let entries = node.entries else {
            reader.report("steps", "expected a mapping of step ids to steps, got \(node.summary)")
            return []
        }
        if entries.isEmpty { reader.report("steps", "a pipeline needs at least one step") }
        var steps: [StepDecl] = []
        steps.reserveCapacity(entries.count)
        for entry in entries {
            var diagnostics: [Diagnostic] = []
            if let step = StepDecoder.decode(entry, diagnostics: &diagnostics) { steps.append(step) }
            reader.add(diagnostics)
        }
        return steps
    }
}

import RisaCore

/// The documentation of step types as Markdown, made from the registry (the README's step
/// reference is this text, and a test keeps them equal).
public enum StepDocumentation {
    /// One section per step type, sorted by name.
    public static func markdown(_ catalog: StepCatalog) -> String {
        var text = ""
        for name in catalog.names {
            let spec = catalog[name]!
            text += "### `\(spec.name)`\n\n\(spec.summary)"
            text += " Version \(spec.version); \(spec.deterministic ? "deterministic" : "not deterministic").\n\n"
            if !spec.details.isEmpty { text += spec.details + "\n\n" }
            text += "| argument | type | default | meaning |\n| --- | --- | --- | --- |\n"
            for argument in spec.arguments {
                let fallback =
                    argument.required
                    ? "required" : (argument.defaultValue.map { "`\(CanonicalJSON.string($0))`" } ?? "")
                text += "| `\(argument.name)` | `\(argument.type)` | \(fallback) | \(argument.summary) |\n"
            }
            text += "\nOutputs: "
            switch spec.outputs {
            case .fixed(let outputs):
                text += outputs.map { "`\($0.name)` (`\($0.type)`): \($0.summary)" }.joined(separator: "; ")
            case .fromPathMap(let argument):
                text += "one per key of `\(argument)`: a path ending in `/` is a folder (`files`), any other a `file`."
            }
            if !spec.libraries.isEmpty {
                text += " Libraries in its cache key: \(spec.libraries.joined(separator: ", "))."
            }
            text += "\n\n"
        }
        return text
    }
}

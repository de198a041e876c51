import Foundation
import RisaGraph
import RisaModel

/// Where `secrets.NAME` values come from: the environment variable `NAME`, else the secrets file
/// (`$RISA_SECRETS_FILE`, or `~/.config/risa/secrets.yaml`: a YAML mapping of names to values),
/// which must live outside the project so it never lands in git.
enum SecretSource {
    /// The secret names the graph's expressions read.
    static func referencedNames(in graph: StepGraph) -> Set<String> {
        var names = Set<String>()
        func scan(_ node: SourceNode) {
            switch node.kind {
            case .scalar(let scalar):
                guard scalar.text.contains("secrets."), let template = try? scalar.template.get() else { return }
                for (expression, _) in template.expressions {
                    expression.walk { part in
                        if let path = part.dottedPath, path.count == 2, path[0] == "secrets" { names.insert(path[1]) }
                    }
                }
            case .sequence(let elements):
                for element in elements { scan(element) }
            case .mapping(let entries):
                for entry in entries { scan(entry.value) }
            }
        }
        for scope in graph.scopes {
            for step in scope.pipeline.steps {
                for argument in step.with { scan(argument.node) }
                for expression in [step.condition, step.foreach].compactMap({ $0 }) { scan(expression.node) }
            }
        }
        return names
    }

    /// The values of `names` that are set.
    /// - Throws: `CommandFailure` when the secrets file is inside the project or is not a mapping.
    static func load(names: Set<String>, projectRoot: URL) throws -> [String: String] {
        guard !names.isEmpty else { return [:] }
        let environment = ProcessInfo.processInfo.environment
        var values: [String: String] = [:]
        for name in names { if let value = environment[name] { values[name] = value } }
        let missing = names.subtracting(values.keys)
        guard !missing.isEmpty else { return values }
        let path =
            environment["RISA_SECRETS_FILE"]
            ?? FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".config/risa/secrets.yaml").path
        guard FileManager.default.fileExists(atPath: path) else { return values }
        let resolved = URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
        if resolved.hasPrefix(projectRoot.standardizedFileURL.resolvingSymlinksInPath().path + "/") {
            throw CommandFailure.invalid(
                "the secrets file \(path) is inside the project; move it outside so it never lands in git")
        }
        let loaded = YAMLLoader().load(contentsOf: URL(fileURLWithPath: path), displayPath: path)
        guard let entries = loaded.root?.entries, loaded.diagnostics.isEmpty else {
            throw CommandFailure.invalid("the secrets file \(path) must be a YAML mapping of names to values")
        }
        for entry in entries where missing.contains(entry.key) {
            if let text = entry.value.scalar?.text { values[entry.key] = text }
        }
        return values
    }
}

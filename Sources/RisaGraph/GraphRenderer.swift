/// Draws a `StepGraph` as Graphviz dot, Mermaid, or indented text.
public enum GraphRenderer {
    /// The output formats.
    public enum Format: String, CaseIterable, Sendable {
        case dot, mermaid, text
    }

    /// The graph in `format`.
    public static func render(_ graph: StepGraph, format: Format) -> String {
        switch format {
        case .dot: return dot(graph)
        case .mermaid: return mermaid(graph)
        case .text: return text(graph)
        }
    }

    private static func quoted(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    private static func dot(_ graph: StepGraph) -> String {
        var lines = [
            "digraph \(quoted(graph.scopes[0].pipeline.name)) {", "  rankdir=LR;", "  node [shape=box, style=rounded];",
        ]
        for node in graph.nodes {
            lines.append("  \(quoted(node.id)) [label=\(quoted("\(node.id)\n\(node.type)"))];")
        }
        for node in graph.nodes {
            for dependency in node.dependencies {
                let style = node.dataDependencies.contains(dependency) ? "" : " [style=dashed]"
                lines.append("  \(quoted(dependency)) -> \(quoted(node.id))\(style);")
            }
        }
        lines.append("}")
        return lines.joined(separator: "\n") + "\n"
    }

    private static func mermaid(_ graph: StepGraph) -> String {
        var lines = ["flowchart LR"]
        var names: [String: String] = [:]
        for (index, node) in graph.nodes.enumerated() {
            names[node.id] = "n\(index)"
            let label = "\(node.id)<br/>\(node.type)".replacingOccurrences(of: "\"", with: "#quot;")
            lines.append("  n\(index)[\"\(label)\"]")
        }
        for node in graph.nodes {
            for dependency in node.dependencies {
                let arrow = node.dataDependencies.contains(dependency) ? "-->" : "-.->"
                lines.append("  \(names[dependency]!) \(arrow) \(names[node.id]!)")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// One line per step in execution order, indented by its depth (longest path from a root).
    private static func text(_ graph: StepGraph) -> String {
        var depth: [String: Int] = [:]
        var lines: [String] = []
        for node in graph.nodes {
            let level = node.dependencies.map { (depth[$0] ?? 0) + 1 }.max() ?? 0
            depth[node.id] = level
            var line = String(repeating: "  ", count: level) + "\(node.id) (\(node.type))"
            if !node.dependencies.isEmpty { line += " <- " + node.dependencies.joined(separator: ", ") }
            lines.append(line)
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

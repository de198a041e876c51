import RisaGraph
import RisaModel
import RisaSteps

/// Which nodes a run includes and which it forces, from `--only`, `--from` and `--force`.
struct RunSelection: Sendable {
    /// Nodes in the run.
    var included: Set<String>
    /// Nodes that must execute even when cached.
    var forced: Set<String>

    /// The nodes a step id names: the step itself, or every node of the recipe it uses.
    static func nodes(named id: String, in graph: StepGraph) -> Set<String> {
        Set(graph.nodes.map(\.id).filter { $0 == id || $0.hasPrefix(id + "/") })
    }

    /// Resolves the options against `graph`.
    /// - Throws: `StepFailure` naming an unknown step (with a suggestion).
    init(graph: StepGraph, only: [String], from: String?, force: [String]) throws {
        let stepIds = graph.scopes[0].pipeline.steps.map(\.id)
        func resolve(_ id: String, option: String) throws -> Set<String> {
            let nodes = Self.nodes(named: id, in: graph)
            guard !nodes.isEmpty else {
                throw StepFailure(
                    "\(option) \(id): no such step" + Suggestions.hint(for: id, among: stepIds), retryable: false)
            }
            return nodes
        }
        var included = Set(graph.nodes.map(\.id))
        var forced = Set<String>()
        if !only.isEmpty {
            var wanted = Set<String>()
            for id in only { wanted.formUnion(try resolve(id, option: "--only")) }
            included = graph.ancestors(of: wanted)
        }
        if let from {
            let start = try resolve(from, option: "--from")
            let downstream = graph.descendants(of: start)
            included = included.intersection(graph.ancestors(of: downstream))
            forced.formUnion(start)
        }
        for id in force { forced.formUnion(try resolve(id, option: "--force")) }
        self.included = included
        self.forced = forced.intersection(included)
    }
}

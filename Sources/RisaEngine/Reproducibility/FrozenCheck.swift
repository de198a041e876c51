import Foundation
import RisaCore
import RisaGraph
import RisaModel
import RisaSteps
import RisaStore

/// `risa run --frozen`: checks, before running, that every step would have the action key its
/// lockfile pins (same step versions, arguments, input contents and upstream outputs).
public struct FrozenCheck: Sendable {
    let graph: StepGraph
    let catalog: StepCatalog
    let store: any ContentStore
    let configuration: EngineConfiguration
    let params: [String: Value]

    /// Creates a check.
    public init(
        graph: StepGraph, catalog: StepCatalog, store: any ContentStore, configuration: EngineConfiguration,
        params: [String: Value]
    ) {
        self.graph = graph
        self.catalog = catalog
        self.store = store
        self.configuration = configuration
        self.params = params
    }

    /// Every difference from `lockfile`, one line each (`step 'x': argument 'inputs' changed ...`);
    /// empty when the pipeline and its inputs match.
    public func differences(from lockfile: Lockfile) -> [String] {
        let publisher = OutputPublisher(
            base: configuration.outputDirectory.appendingPathComponent(graph.scopes[0].pipeline.name), store: store)
        var outputs: [String: NodeOutputs] = [:]
        var problems: [String] = []
        for id in Set(lockfile.steps.keys).subtracting(graph.nodes.map(\.id)).sorted() {
            problems.append("step '\(id)' is in the lockfile but no longer in the pipeline")
        }
        for node in graph.nodes {
            guard let locked = lockfile.steps[node.id], let spec = catalog[node.type] else {
                problems.append("step '\(node.id)' is not in the lockfile")
                continue
            }
            let binder = ArgumentBinder(
                graph: graph, params: params, projectRoot: configuration.projectRoot, outputs: outputs,
                publisher: publisher,
                secrets: { _ in "" }, environment: configuration.environment,
                run: ["id": "frozen", "pipeline": graph.scopes[0].pipeline.name],
                store: store)
            do {
                let elements: [Value?] = node.step.foreach == nil ? [nil] : try binder.foreachItems(node).map { $0 }
                guard elements.count == locked.count else {
                    problems.append("step '\(node.id)': \(elements.count) elements, the lockfile has \(locked.count)")
                    continue
                }
                let fingerprint = configuration.libraryVersions.versions(of: spec.libraries)
                for (index, item) in elements.enumerated() {
                    let bound = try binder.bindKey(node, spec: spec, item: item)
                    let key = ActionKey(spec: spec, arguments: bound, environment: fingerprint)
                    if key.digest != locked[index].key {
                        let element = elements.count > 1 || node.step.foreach != nil ? " element \(index)" : ""
                        let lockedComponents = Value.map([
                            "type": .string(spec.name), "version": key.components["version"] ?? .null,
                            "arguments": locked[index].arguments,
                            "environment": key.components["environment"] ?? .null,
                        ])
                        let reason =
                            locked[index].arguments == .map(bound)
                            ? "the step type's version or the libraries it uses changed"
                            : key.difference(from: lockedComponents)
                        problems.append("step '\(node.id)'\(element): \(reason)")
                    }
                }
            } catch {
                problems.append("step '\(node.id)': \((error as? StepFailure)?.message ?? String(describing: error))")
            }
            var entries: [String: NodeOutputs.Entry] = [:]
            for name in Set(locked.flatMap { $0.outputs.keys }) {
                let artifacts = locked.compactMap { action in
                    action.outputs[name].map { Artifact(kind: .file, digest: $0, size: 0, path: name) }
                }
                entries[name] =
                    node.step.foreach == nil ? artifacts.first.map(NodeOutputs.Entry.single) : .perItem(artifacts)
            }
            outputs[node.id] = NodeOutputs(entries)
        }
        return problems
    }
}

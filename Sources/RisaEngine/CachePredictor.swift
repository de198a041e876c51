import Foundation
import RisaCore
import RisaGraph
import RisaModel
import RisaState
import RisaSteps
import RisaStore

/// What `risa plan` says about each step before running: whether it will come from the cache, and
/// if not, why (which argument, input or upstream step changed). Reads the store; writes nothing.
public struct CachePredictor: Sendable {
    /// One step's prediction.
    public struct Prediction: Sendable, Hashable {
        /// `cached` or `run`.
        public var willRun: Bool
        /// Why.
        public var reason: String

        /// Creates a prediction.
        public init(willRun: Bool, reason: String) {
            self.willRun = willRun
            self.reason = reason
        }
    }

    let graph: StepGraph
    let catalog: StepCatalog
    let implementations: [String: any StepImplementation]
    let store: any ContentStore
    let records: any RunRecordStore
    let configuration: EngineConfiguration
    let params: [String: Value]

    /// Creates a predictor.
    public init(
        graph: StepGraph, catalog: StepCatalog, implementations: [String: any StepImplementation],
        store: any ContentStore,
        records: any RunRecordStore, configuration: EngineConfiguration, params: [String: Value]
    ) {
        self.records = records
        self.graph = graph
        self.catalog = catalog
        self.implementations = implementations
        self.store = store
        self.configuration = configuration
        self.params = params
    }

    /// A prediction for every node, by flat id.
    public func predict() async -> [String: Prediction] {
        let previous = await PreviousKeys.load(
            records: records, pipelinePath: configuration.pipelinePath,
            foreachSteps: Set(graph.nodes.filter { $0.step.foreach != nil }.map(\.id)))
        let publisher = OutputPublisher(
            base: configuration.outputDirectory.appendingPathComponent(graph.scopes[0].pipeline.name), store: store)
        var outputs: [String: NodeOutputs] = [:]
        var predictions: [String: Prediction] = [:]
        for node in graph.nodes {
            if let upstream = node.dataDependencies.first(where: { predictions[$0]?.willRun ?? true }) {
                predictions[node.id] = Prediction(
                    willRun: true, reason: "after '\(upstream)' runs (cached then if its outputs do not change)")
                continue
            }
            let binder = ArgumentBinder(
                graph: graph, params: params, projectRoot: configuration.projectRoot, outputs: outputs,
                publisher: publisher,
                secrets: { _ in "" }, environment: configuration.environment,
                run: ["id": "plan", "pipeline": graph.scopes[0].pipeline.name], store: store)
            do {
                let (prediction, produced) = try predict(node, binder: binder, previous: previous)
                predictions[node.id] = prediction
                if let produced { outputs[node.id] = produced }
            } catch {
                predictions[node.id] = Prediction(
                    willRun: true, reason: (error as? StepFailure)?.message ?? String(describing: error))
            }
        }
        return predictions
    }

    private func predict(
        _ node: GraphNode, binder: ArgumentBinder, previous: PreviousKeys
    ) throws -> (Prediction, NodeOutputs?) {
        guard let spec = catalog[node.type] else {
            return (Prediction(willRun: true, reason: "unknown step type"), nil)
        }
        if !node.step.cache { return (Prediction(willRun: true, reason: "cache: false"), nil) }
        if configuration.noCache { return (Prediction(willRun: true, reason: "cache reads are off (--no-cache)"), nil) }
        let elements: [Value?] = node.step.foreach == nil ? [nil] : try binder.foreachItems(node).map { $0 }
        let fingerprint = configuration.libraryVersions.versions(of: spec.libraries)
        var perElement: [String: [Artifact]] = [:]
        var missing: [String] = []
        for (index, item) in elements.enumerated() {
            let key = ActionKey(
                spec: spec, arguments: try binder.bindKey(node, spec: spec, item: item), environment: fingerprint)
            let itemIndex = node.step.foreach == nil ? nil : index
            if let record = try ActionRunner.lookup(key.digest, in: store),
                case .map(let entries) = record["outputs"] ?? .null
            {
                for (name, value) in entries {
                    if let artifact = Artifact(record: value) { perElement[name, default: []].append(artifact) }
                }
                continue
            }
            let earlier = previous.key(step: node.id, element: itemIndex)
            if implementations[node.type] is any ItemStepImplementation, earlier != nil {
                missing.append("items changed or were not processed yet")
            } else if let earlier, earlier != key.digest,
                let components = try ActionRunner.lookup(earlier, in: store)?["key"]
            {
                missing.append(key.difference(from: components))
            } else if earlier == key.digest {
                missing.append("the cached outputs are missing from the store")
            } else {
                missing.append(earlier == nil ? "first run (no cache entry)" : "its inputs changed since the last run")
            }
        }
        if !missing.isEmpty {
            let reason =
                elements.count > 1
                ? "\(missing.count) of \(elements.count) elements: \(Set(missing).sorted().joined(separator: "; "))"
                : missing[0]
            return (Prediction(willRun: true, reason: reason), nil)
        }
        var outputs = NodeOutputs()
        for (name, artifacts) in perElement {
            outputs.entries[name] = node.step.foreach == nil ? .single(artifacts[0]) : .perItem(artifacts)
        }
        return (Prediction(willRun: false, reason: "cached"), outputs)
    }
}

import Foundation
import RisaCore
import RisaGraph
import RisaModel
import RisaSteps
import RisaStore

/// How a node ended, with what it produced.
struct NodeResult: Sendable {
    var completion: SchedulerStateMachine.Completion
    /// Per-item records of item steps (for the run records).
    var items: [(name: String, status: String, input: Digest, output: Digest?, error: String?)] = []
    var summary: StepSummary
    var outputs: NodeOutputs
    var actionKey: Digest?
}

/// Executes one graph node: checks its condition, fans out over `foreach` elements (bounded by the
/// job count), runs each action through the cache, applies `on_error`, and publishes outputs.
struct NodeRunner: Sendable {
    let node: GraphNode
    let spec: StepTypeSpec
    let binder: ArgumentBinder
    let actions: ActionRunner
    let publisher: OutputPublisher
    let pipeline: String
    /// Why the cache is not read for this node (`--no-cache`, `--force`, `cache: false`), or nil.
    let bypassReason: String?
    /// Take the result only from the cache, never execute (verifying a step that is not
    /// deterministic by its recorded outputs).
    let replayOnly: Bool
    let jobs: Int
    let environmentFingerprint: [String: String]
    let previousKeys: PreviousKeys
    let reporter: any RunReporter

    func run() async -> NodeResult {
        let started = Date()
        var summary = StepSummary(
            id: node.id, type: node.type, status: "ran", reason: "", total: 0, ran: 0, cached: 0, failed: 0,
            duration: 0, outputs: [:], error: nil)
        var itemRecords: [(name: String, status: String, input: Digest, output: Digest?, error: String?)] = []
        func finish(
            _ completion: SchedulerStateMachine.Completion, _ outputs: NodeOutputs = NodeOutputs(), key: Digest? = nil
        ) -> NodeResult {
            summary.duration = Date().timeIntervalSince(started)
            return NodeResult(
                completion: completion, items: itemRecords, summary: summary, outputs: outputs, actionKey: key)
        }
        do {
            let elements: [Value?] = node.step.foreach == nil ? [nil] : try binder.foreachItems(node).map { $0 }
            summary.total = elements.count
            reporter.report(.stepStarted(step: node.id, items: node.step.foreach == nil ? 0 : elements.count))
            if node.step.foreach == nil, try !binder.conditionHolds(node, item: nil) {
                summary.status = "skipped"
                summary.reason = "condition is false"
                return finish(.conditionFalse)
            }
            let results = await runElements(elements)
            var perItem: [String: [Artifact]] = [:]
            var reasons: Set<String> = []
            var errors: [String] = []
            var cancelled = false
            var singleKey: Digest?
            var itemTotal = 0
            for (index, result) in results.enumerated() {
                guard let result else { continue }
                if let items = result.items {
                    let prefix = node.step.foreach == nil ? "" : "\(index)/"
                    itemRecords += items.records.map { (prefix + $0.name, $0.status, $0.input, $0.output, $0.error) }
                    itemTotal += items.total
                    summary.ran += items.ran
                    summary.cached += items.cached
                    summary.failed += items.failed
                    summary.rejected += items.rejected
                    if !items.failures.isEmpty { errors += items.failures }
                    // A failure of the batch itself (its set cannot be read or stored), not of an item.
                    if result.status == .failed, items.failures.isEmpty { errors.append(result.error ?? "failed") }
                    if result.status == .ran || result.status == .cached {
                        if result.status == .ran { reasons.insert(result.reason) }
                        singleKey = result.key.digest
                        for (name, artifact) in result.outputs {
                            perItem[name, default: []].append(artifact)
                            let item = node.step.foreach == nil ? nil : index
                            summary.outputs[name, default: []].append(
                                (artifact.digest, publisher.path(of: artifact, node: node.id, item: item)))
                        }
                        continue
                    }
                    if result.status == .cancelled { cancelled = true }
                    continue
                }
                if node.step.foreach != nil {
                    itemRecords.append(
                        (
                            PreviousKeys.elementName(index), Self.word(result.status), result.key.digest,
                            result.outputs.values.sorted { $0.path < $1.path }.first?.digest, result.error
                        ))
                }
                switch result.status {
                case .ran:
                    summary.ran += 1
                    reasons.insert(result.reason)
                case .cached:
                    summary.cached += 1
                case .failed:
                    summary.failed += 1
                    errors.append(
                        elements.count > 1 || node.step.foreach != nil
                            ? "item \(index): \(result.error ?? "failed")" : (result.error ?? "failed"))
                    continue
                case .cancelled:
                    cancelled = true
                    continue
                }
                singleKey = result.key.digest
                for (name, artifact) in result.outputs { perItem[name, default: []].append(artifact) }
                for (name, artifact) in result.outputs {
                    let item = node.step.foreach == nil ? nil : index
                    summary.outputs[name, default: []].append(
                        (artifact.digest, publisher.path(of: artifact, node: node.id, item: item)))
                }
            }
            let skippedByCondition = results.filter { $0 == nil }.count
            if itemTotal > 0 || results.contains(where: { $0?.items != nil }) { summary.total = itemTotal }
            if cancelled {
                summary.status = "cancelled"
                summary.reason = "cancelled"
                return finish(.cancelled)
            }
            let failedOutright = results.contains { $0?.status == .failed }
            if failedOutright || (summary.failed > 0 && node.step.onError != .skipItem) {
                summary.status = "failed"
                summary.error = errors.joined(separator: "; ")
                summary.reason = summary.failed == 1 ? "failed" : "\(summary.failed) items failed"
                return finish(.failed)
            }
            if summary.failed > 0 { summary.error = errors.joined(separator: "; ") }
            summary.status = summary.ran > 0 ? "ran" : (summary.cached > 0 ? "cached" : "skipped")
            summary.reason =
                summary.ran > 0
                ? reasons.sorted().joined(separator: "; ")
                : (summary.cached > 0
                    ? "cached" : (skippedByCondition > 0 ? "condition is false for every item" : "no items"))
            var outputs = NodeOutputs()
            for (name, artifacts) in perItem {
                outputs.entries[name] = node.step.foreach == nil ? .single(artifacts[0]) : .perItem(artifacts)
            }
            return finish(.succeeded, outputs, key: node.step.foreach == nil ? singleKey : nil)
        } catch {
            summary.status = "failed"
            summary.failed = max(summary.failed, 1)
            summary.error = (error as? StepFailure)?.message ?? String(describing: error)
            summary.reason = "failed"
            return finish(.failed)
        }
    }

    /// Runs every element, at most `jobs` at once, keeping results in element order (nil for an
    /// element whose condition is false).
    private func runElements(_ elements: [Value?]) async -> [ActionResult?] {
        // A step without foreach (nearly every one) needs no task group for its single action.
        if elements.count == 1 { return [await runElement(index: 0, item: elements[0])] }
        var results = [ActionResult?](repeating: nil, count: elements.count)
        await withTaskGroup(of: (Int, ActionResult?).self) { group in
            var next = 0
            func add() {
                let index = next
                let item = elements[index]
                next += 1
                group.addTask { (index, await runElement(index: index, item: item)) }
            }
            for _ in 0..<min(max(1, jobs), elements.count) { add() }
            while let (index, result) = await group.next() {
                results[index] = result
                if next < elements.count, !Task.isCancelled { add() }
            }
        }
        return results
    }

    /// The recorded result of `key`, or a failure saying why the step cannot be replayed.
    private func replay(_ key: ActionKey) -> ActionResult {
        var result = ActionResult(
            status: .failed, key: key, outputs: [:], reason: "replayed from the recorded run", attempts: 0)
        do {
            if let outputs = try actions.cachedOutputs(key.digest) {
                result.status = .cached
                result.outputs = outputs
                return result
            }
            result.error =
                "not re-executed: step type '\(spec.name)' is not deterministic, and its inputs differ from the "
                + "recorded run's (no recorded result has the key \(key.digest.short))"
        } catch {
            result.error = "cannot read the recorded result: \(error)"
        }
        return result
    }

    private func runElement(index: Int, item: Value?) async -> ActionResult? {
        let itemIndex = node.step.foreach == nil ? nil : index
        do {
            if item != nil, try !binder.conditionHolds(node, item: item) { return nil }
            let bound = try binder.bind(node, spec: spec, item: item)
            let key = ActionKey(spec: spec, arguments: bound.key, environment: environmentFingerprint)
            let result: ActionResult
            if replayOnly {
                result = replay(key)
            } else if let itemStep = actions.implementation as? any ItemStepImplementation {
                let batch = BatchRunner(store: actions.store, implementation: itemStep, actions: actions, jobs: jobs)
                let tableKey = Digest(
                    ofText: "risa.batch-index/1\u{0}\(pipeline)\u{0}\(node.id)\u{0}\(itemIndex.map(String.init) ?? "")")
                result = await batch.run(
                    stepId: node.id, tableKey: tableKey, key: key, bound: bound, spec: spec,
                    environment: environmentFingerprint, skipFailedItems: node.step.onError == .skipItem,
                    bypassReason: bypassReason, timeout: node.step.timeout)
            } else {
                result = await actions.run(
                    stepId: node.id, previousKey: previousKeys.key(step: node.id, element: itemIndex),
                    key: key, bound: bound,
                    bypassReason: bypassReason, retry: node.step.retry, timeout: node.step.timeout)
            }
            if result.status == .ran || result.status == .cached {
                do {
                    try publisher.publish(result.outputs, node: node.id, item: itemIndex)
                } catch {
                    var failed = result
                    failed.status = .failed
                    failed.error =
                        "cannot publish outputs: \((error as? StepFailure)?.message ?? String(describing: error))"
                    return failed
                }
            }
            if itemIndex != nil {
                reporter.report(.itemFinished(step: node.id, index: index, status: Self.word(result.status)))
            }
            return result
        } catch {
            let message = (error as? StepFailure)?.message ?? String(describing: error)
            let placeholder = ActionKey(spec: spec, arguments: [:], environment: [:])
            return ActionResult(
                status: .failed, key: placeholder, outputs: [:], reason: "failed", attempts: 0, error: message)
        }
    }

    static func word(_ status: ActionResult.Status) -> String {
        switch status {
        case .ran: return "ran"
        case .cached: return "cached"
        case .failed: return "failed"
        case .cancelled: return "cancelled"
        }
    }
}

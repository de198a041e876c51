import Foundation
import RisaCore
import RisaModel
import RisaSteps
import RisaStore

/// Runs an item step over a set with per-item caching.
///
/// The whole batch has a key (its arguments with the set's digest): when it hits, nothing is read
/// item by item. Otherwise each item's key is derived from the batch arguments without the set,
/// the item's name and its content digest, and looked up in the node's batch table (one record per
/// node, checkpointed while the batch runs, so a killed run keeps the items it finished). Only
/// items without a result are processed, in parallel.
struct BatchRunner: Sendable {
    let store: any ContentStore
    let implementation: any ItemStepImplementation
    let actions: ActionRunner
    let jobs: Int
    /// How often the batch table is written while items complete.
    let checkpointInterval: TimeInterval = 2

    /// Item counts and failures of a batch.
    struct Counts: Sendable {
        var total = 0, ran = 0, cached = 0, failed = 0, rejected = 0
        var failures: [String] = []
        /// One processed or reused item: name, status, input and output digests, error.
        typealias Record = (name: String, status: String, input: Digest, output: Digest?, error: String?)
        /// Every processed or reused item, in input order (one per output item when an input gave several).
        var records: [Record] = []
    }

    func run(
        stepId: String, tableKey: Digest, key: ActionKey, bound: BoundArguments, spec: StepTypeSpec,
        environment: [String: String], skipFailedItems: Bool, bypassReason: String?, timeout: Double?
    ) async -> ActionResult {
        let (result, counts) = await runCounting(
            stepId: stepId, tableKey: tableKey, key: key, bound: bound, spec: spec,
            environment: environment, skipFailedItems: skipFailedItems,
            bypassReason: bypassReason, timeout: timeout)
        var withCounts = result
        withCounts.items = counts
        return withCounts
    }

    private func runCounting(
        stepId: String, tableKey: Digest, key: ActionKey, bound: BoundArguments, spec: StepTypeSpec,
        environment: [String: String], skipFailedItems: Bool, bypassReason: String?,
        timeout: Double?
    ) async -> (ActionResult, Counts) {
        var result = ActionResult(status: .failed, key: key, outputs: [:], reason: "", attempts: 1)
        var counts = Counts()
        do {
            // A whole-batch hit needs its item set to read back whole (after a power cut it may not).
            if bypassReason == nil, let outputs = try actions.cachedOutputs(key.digest),
                let items = outputs[implementation.itemsOutput],
                let set = try? store.itemSet(items.digest)
            {
                result.status = .cached
                result.outputs = outputs
                result.reason = "cached"
                if let rejectedOutput = implementation.rejectedOutput, let rejected = outputs[rejectedOutput],
                    let rejectedSet = try? store.itemSet(rejected.digest)
                {
                    counts.rejected = rejectedSet.items.count
                }
                // Items counted as inputs (one video gives many frames); the set is in memory already.
                counts.total =
                    (try? ItemSetIO(store: store).inputItems(implementation.itemsArgument, bound).count)
                    ?? set.items.count + counts.rejected
                counts.cached = counts.total
                logSummary(of: set.items)
                return (result, counts)
            }
            let io = ItemSetIO(store: store)
            let inputs = try io.inputItems(implementation.itemsArgument, bound)
            counts.total = inputs.count
            var sharedArguments = bound.key
            sharedArguments[implementation.itemsArgument] = nil
            let prefix = ActionKey(spec: spec, arguments: sharedArguments, environment: environment).digest.hex
            let previous = bypassReason == nil ? try loadTable(tableKey) : [:]
            // Only this task touches the table, the results and the records (items run in child
            // tasks that return their result); records are kept by input index, in input order.
            var table: [String: Value] = [:]
            table.reserveCapacity(inputs.count)
            var results = [ItemResult?](repeating: nil, count: inputs.count)
            var records = [[Counts.Record]](repeating: [], count: inputs.count)
            let itemKeys = inputs.map { Self.itemKey(prefix: prefix, input: $0) }
            var pending: [Int] = []
            for (index, input) in inputs.enumerated() {
                if let record = previous[itemKeys[index]], let cached = ItemResult(record: record),
                    try cached.isStored(in: store)
                {
                    results[index] = cached
                    table[itemKeys[index]] = record
                    counts.cached += 1
                    records[index] = cached.records(for: input, status: "cached")
                } else {
                    pending.append(index)
                }
            }
            result.reason =
                bypassReason
                ?? (previous.isEmpty
                    ? "first run (no cache entry)" : "\(pending.count) of \(inputs.count) items changed")
            var lastCheckpoint = Date()
            let resources = StepResources()
            let concurrency = max(1, implementation.concurrency(jobs: jobs, arguments: bound.execution))
            // The items' shared resources (a worker process) are closed when the items are done,
            // however they ended.
            let processing: Result<Void, any Error>
            do {
                try await withThrowingTaskGroup(of: (Int, Result<ItemResult, any Error>).self) { group in
                    var next = 0
                    func add() {
                        let index = pending[next]
                        next += 1
                        group.addTask {
                            (
                                index,
                                await processItem(
                                    inputs[index], stepId: stepId, arguments: bound.execution, timeout: timeout,
                                    resources: resources)
                            )
                        }
                    }
                    for _ in 0..<min(concurrency, pending.count) { add() }
                    while let (index, outcome) = try await group.next() {
                        switch outcome {
                        case .success(let item):
                            results[index] = item
                            table[itemKeys[index]] = item.record
                            counts.ran += 1
                            records[index] = item.records(for: inputs[index], status: "ran")
                        case .failure(let error as CancellationError):
                            throw error
                        case .failure(let error):
                            counts.failed += 1
                            let message = (error as? StepFailure)?.message ?? "\(inputs[index].name): \(error)"
                            counts.failures.append(message)
                            records[index] = [(inputs[index].name, "failed", inputs[index].digest, nil, message)]
                        }
                        if Date().timeIntervalSince(lastCheckpoint) > checkpointInterval {
                            try saveTable(table, at: tableKey)
                            lastCheckpoint = Date()
                        }
                        if next < pending.count, !Task.isCancelled { add() }
                    }
                }
                processing = .success(())
            } catch {
                processing = .failure(error)
            }
            await resources.closeAll()
            try processing.get()
            try saveTable(table, at: tableKey)
            counts.records = records.flatMap { $0 }
            counts.rejected = results.reduce(0) { $0 + ($1?.rejection == nil ? 0 : 1) }
            if counts.failed > 0, !skipFailedItems {
                result.error = counts.failures.joined(separator: "; ")
                return (result, counts)
            }
            var produced: [Item] = []
            var origins: [String] = []
            var rejected: [Item] = []
            for (index, itemResult) in results.enumerated() {
                guard let itemResult else { continue }
                produced += itemResult.items
                origins += Array(repeating: inputs[index].name, count: itemResult.items.count)
                if let reason = itemResult.rejection, implementation.rejectedOutput != nil {
                    var metadata = inputs[index].metadata
                    metadata["rejected"] = .string(reason)
                    rejected.append(
                        try io.store(ProducedItem(reusing: inputs[index], metadata: metadata), writtenUnder: store.root)
                    )
                }
            }
            let set = try io.storeSet(produced, origins: origins)
            logSummary(of: produced)
            var outputs = [
                implementation.itemsOutput: Artifact(
                    kind: .items, digest: set.digest, size: set.size, path: implementation.itemsOutput)
            ]
            if let rejectedOutput = implementation.rejectedOutput {
                let rejectedSet = try io.storeSet(rejected)
                outputs[rejectedOutput] = Artifact(
                    kind: .items, digest: rejectedSet.digest, size: rejectedSet.size, path: rejectedOutput)
            }
            result.outputs = outputs
            if counts.failed == 0 {
                try store.recordAction(ActionRunner.record(outputs, key: key), for: key.digest)
            } else {
                result.error = counts.failures.joined(separator: "; ")
            }
            result.status = .ran
        } catch is CancellationError {
            result.status = .cancelled
            result.error = "cancelled"
        } catch {
            result.status = .failed
            result.error = (error as? StepFailure)?.message ?? String(describing: error)
        }
        return (result, counts)
    }

    /// Logs the step's summary of the whole result set (see `ItemStepImplementation.summary(of:)`).
    private func logSummary(of items: [Item]) {
        for line in implementation.summary(of: items.lazy.map(\.metadata)) { actions.log(.info, line) }
    }

    /// Processes one item into the store.
    private func processItem(
        _ input: InputItem, stepId: String, arguments: [String: Value], timeout: Double?,
        resources: StepResources
    ) async
        -> Result<ItemResult, any Error>
    {
        do {
            let outputFolder = try store.makeWorkDirectory(prefix: "item")
            let scratch = ScratchDirectory { [store] in try store.makeWorkDirectory(prefix: "scratch") }
            defer { ActionRunner.removeWorkFolders(outputFolder, prefix: "item", scratch, store: store) }
            let invocation = StepInvocation(
                stepId: stepId, arguments: arguments, outputDirectory: outputFolder, scratch: scratch,
                projectRoot: actions.projectRoot, timeout: timeout, log: actions.log,
                processSlots: actions.processSlots,
                resources: resources)
            let outcome = try await implementation.process(input, invocation)
            let io = ItemSetIO(store: store)
            let items = try outcome.items.map { try io.store($0, writtenUnder: outputFolder) }
            return .success(ItemResult(items: items, rejection: outcome.rejection))
        } catch {
            return .failure(error)
        }
    }

    /// The key of one item's result: the batch's arguments without the set, the item's name, its
    /// content and its metadata (tags or provenance that changed upstream change the result).
    static func itemKey(prefix: String, input: InputItem) -> String {
        var text = "risa.item-key/2\u{0}\(prefix)\u{0}\(input.name)\u{0}\(input.digest.hex)"
        if !input.metadata.isEmpty {
            text += "\u{0}" + Digest(of: CanonicalJSON.data(.map(input.metadata))).hex
        }
        return Digest(ofText: text).hex
    }

    private func loadTable(_ key: Digest) throws -> [String: Value] {
        guard let record = try ActionRunner.lookup(key, in: store), case .map(let items) = record["items"] ?? .null
        else {
            return [:]
        }
        return items
    }

    private func saveTable(_ items: [String: Value], at key: Digest) throws {
        try store.recordAction(.map(["$type": .string("risa.batch/1"), "items": .map(items)]), for: key)
    }
}

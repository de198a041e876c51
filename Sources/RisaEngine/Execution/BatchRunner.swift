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
    let store: LocalStore
    let implementation: any ItemStepImplementation
    let actions: ActionRunner
    let jobs: Int
    /// How often the batch table is written while items complete.
    let checkpointInterval: TimeInterval = 2

    /// Item counts and failures of a batch.
    struct Counts: Sendable {
        var total = 0, ran = 0, cached = 0, failed = 0
        var failures: [String] = []
        /// One processed or reused item: name, status, input and output digests, error.
        typealias Record = (name: String, status: String, input: Digest, output: Digest?, error: String?)
        /// Every processed or reused item, in input order.
        var records: [Record] = []
    }

    func run(stepId: String, tableKey: Digest, key: ActionKey, bound: BoundArguments, spec: StepTypeSpec,
             environment: [String: String], skipFailedItems: Bool, bypassReason: String?, timeout: Double?) async -> ActionResult {
        let (result, counts) = await runCounting(stepId: stepId, tableKey: tableKey, key: key, bound: bound, spec: spec,
                                                 environment: environment, skipFailedItems: skipFailedItems,
                                                 bypassReason: bypassReason, timeout: timeout)
        var withCounts = result
        withCounts.items = counts
        return withCounts
    }

    private func runCounting(stepId: String, tableKey: Digest, key: ActionKey, bound: BoundArguments, spec: StepTypeSpec,
                             environment: [String: String], skipFailedItems: Bool, bypassReason: String?,
                             timeout: Double?) async -> (ActionResult, Counts) {
        var result = ActionResult(status: .failed, key: key, outputs: [:], reason: "", attempts: 1)
        var counts = Counts()
        do {
            // A whole-batch hit needs its item set to read back whole (after a power cut it may not).
            if bypassReason == nil, let outputs = try actions.cachedOutputs(key.digest), let items = outputs[implementation.itemsOutput],
                let set = try? store.itemSet(items.digest)
            {
                result.status = .cached
                result.outputs = outputs
                result.reason = "cached"
                counts.total = set.items.count
                counts.cached = set.items.count
                return (result, counts)
            }
            let inputs = try inputItems(bound)
            counts.total = inputs.count
            var sharedArguments = bound.key
            sharedArguments[implementation.itemsArgument] = nil
            let prefix = ActionKey(spec: spec, arguments: sharedArguments, environment: environment).digest.hex
            let previous = bypassReason == nil ? try loadTable(tableKey) : [:]
            // Only this task touches the table, the results and the records (items run in child
            // tasks that return their result); records are kept by input index, in input order.
            var table: [String: Value] = [:]
            table.reserveCapacity(inputs.count)
            var results = [Item?](repeating: nil, count: inputs.count)
            var records = [Counts.Record?](repeating: nil, count: inputs.count)
            let itemKeys = inputs.map { Self.itemKey(prefix: prefix, input: $0) }
            var pending: [Int] = []
            for (index, input) in inputs.enumerated() {
                if let record = previous[itemKeys[index]], let item = Self.item(from: record),
                    try store.blobs.storedSize(of: item.digest) == item.size
                {
                    results[index] = item
                    table[itemKeys[index]] = record
                    counts.cached += 1
                    records[index] = (input.name, "cached", input.digest, item.digest, nil)
                } else {
                    pending.append(index)
                }
            }
            result.reason = bypassReason ?? (previous.isEmpty ? "first run (no cache entry)" : "\(pending.count) of \(inputs.count) items changed")
            var lastCheckpoint = Date()
            try await withThrowingTaskGroup(of: (Int, Result<Item, any Error>).self) { group in
                var next = 0
                func add() {
                    let index = pending[next]
                    next += 1
                    group.addTask { (index, await processItem(inputs[index], stepId: stepId, arguments: bound.execution, timeout: timeout)) }
                }
                for _ in 0..<min(max(1, jobs), pending.count) { add() }
                while let (index, outcome) = try await group.next() {
                    switch outcome {
                    case .success(let item):
                        results[index] = item
                        table[itemKeys[index]] = Self.record(item)
                        counts.ran += 1
                        records[index] = (inputs[index].name, "ran", inputs[index].digest, item.digest, nil)
                    case .failure(let error as CancellationError):
                        throw error
                    case .failure(let error):
                        counts.failed += 1
                        let message = (error as? StepFailure)?.message ?? "\(inputs[index].name): \(error)"
                        counts.failures.append(message)
                        records[index] = (inputs[index].name, "failed", inputs[index].digest, nil, message)
                    }
                    if Date().timeIntervalSince(lastCheckpoint) > checkpointInterval {
                        try saveTable(table, at: tableKey)
                        lastCheckpoint = Date()
                    }
                    if next < pending.count, !Task.isCancelled { add() }
                }
            }
            try saveTable(table, at: tableKey)
            counts.records = records.compactMap { $0 }
            if counts.failed > 0, !skipFailedItems {
                result.error = counts.failures.joined(separator: "; ")
                return (result, counts)
            }
            let set = try ItemSet(results.compactMap { $0 })
            let digest = try store.store(set, itemsChecked: true)
            let artifact = Artifact(kind: .items, digest: digest, size: set.items.reduce(0) { $0 + $1.size }, path: implementation.itemsOutput)
            result.outputs = [implementation.itemsOutput: artifact]
            if counts.failed == 0 {
                try store.actions.record(ActionRunner.record([implementation.itemsOutput: artifact], key: key), for: key.digest)
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

    /// The items of the set in the items argument: from the store when it is a stored item set (with
    /// their metadata), otherwise every regular file under the folder, by relative path.
    private func inputItems(_ bound: BoundArguments) throws -> [InputItem] {
        guard case .string(let path) = bound.execution[implementation.itemsArgument] ?? .null else {
            throw StepFailure("the '\(implementation.itemsArgument)' argument must name one set", retryable: false)
        }
        let root = URL(fileURLWithPath: path)
        let base = root.path
        if case .string(let digestText) = bound.key[implementation.itemsArgument] ?? .null, let digest = Digest(digestText),
            let set = try? store.itemSet(digest)
        {
            return set.items.map {
                InputItem(name: $0.name, file: URL(fileURLWithPath: base + "/" + $0.name, isDirectory: false), digest: $0.digest,
                          metadata: $0.metadata)
            }
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw StepFailure("'\(path)' does not exist", retryable: false)
        }
        if !isDirectory.boolValue {
            let digest = try store.digest(ofFileAt: root).digest
            return [InputItem(name: root.lastPathComponent, file: root, digest: digest, metadata: [:])]
        }
        return try (bound.folders[base] ?? store.regularFiles(inDirectoryAt: root)).map { file in
            InputItem(name: file.name, file: URL(fileURLWithPath: base + "/" + file.name, isDirectory: false),
                      digest: file.digest.digest, metadata: [:])
        }
    }

    /// Processes one item into the store.
    private func processItem(_ input: InputItem, stepId: String, arguments: [String: Value], timeout: Double?) async -> Result<Item, any Error> {
        do {
            let outputFolder = try store.makeWorkDirectory(prefix: "item")
            let scratch = ScratchDirectory { [store] in try store.makeWorkDirectory(prefix: "scratch") }
            defer { ActionRunner.removeWorkFolders(outputFolder, prefix: "item", scratch, store: store) }
            let invocation = StepInvocation(
                stepId: stepId, arguments: arguments, outputDirectory: outputFolder, scratch: scratch,
                projectRoot: actions.projectRoot, timeout: timeout, log: actions.log, processSlots: actions.processSlots)
            let produced = try await implementation.process(input, invocation)
            let stored = try store.ingestFile(at: outputFolder.appendingPathComponent(produced.path), moving: true)
            return .success(Item(name: produced.name, digest: stored.digest, size: stored.size, metadata: produced.metadata))
        } catch {
            return .failure(error)
        }
    }

    static func itemKey(prefix: String, input: InputItem) -> String {
        Digest(ofText: "risa.item-key/1\u{0}\(prefix)\u{0}\(input.name)\u{0}\(input.digest.hex)").hex
    }

    static func record(_ item: Item) -> Value {
        .map(["name": .string(item.name), "digest": .string(item.digest.description), "size": .int(Int(item.size)),
              "metadata": .map(item.metadata)])
    }

    static func item(from record: Value) -> Item? {
        guard let name = record["name"]?.stringValue, let digestText = record["digest"]?.stringValue, let digest = Digest(digestText),
            let size = record["size"]?.intValue
        else { return nil }
        return Item(name: name, digest: digest, size: Int64(size), metadata: record["metadata"]?.mapValue ?? [:])
    }

    private func loadTable(_ key: Digest) throws -> [String: Value] {
        guard let record = try ActionRunner.lookup(key, in: store), case .map(let items) = record["items"] ?? .null else {
            return [:]
        }
        return items
    }

    private func saveTable(_ items: [String: Value], at key: Digest) throws {
        try store.actions.record(.map(["$type": .string("risa.batch/1"), "items": .map(items)]), for: key)
    }
}

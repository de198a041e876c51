import Foundation
import RisaCore
import RisaModel
import RisaSteps
import RisaStore

/// How one action ended.
struct ActionResult: Sendable {
    enum Status: Sendable {
        case ran, cached, failed, cancelled
    }

    var status: Status
    var key: ActionKey
    var outputs: [String: Artifact]
    /// Why it ran (or where the cached result came from).
    var reason: String
    var attempts: Int
    var error: String?
    /// Per-item counts, for item steps.
    var items: BatchRunner.Counts?
}

/// Executes one action of a step with its cache: looks the key up, takes the action's lock so that
/// concurrent runs execute it once, retries failed attempts with backoff, moves outputs into the
/// store and records the result.
struct ActionRunner: Sendable {
    let store: any ContentStore
    let implementation: any StepImplementation
    let projectRoot: URL
    let processSlots: ProcessSlots
    let log: @Sendable (LogChannel, String) -> Void
    /// Reports each finished attempt (number, start, end, error).
    let attemptFinished: @Sendable (Int, Date, Date, String?) -> Void

    /// Runs the action with `key`. With a `bypassReason` the cache is not read (outputs are still
    /// stored and recorded) and the reason says why.
    func run(
        stepId: String, previousKey: Digest?, key: ActionKey, bound: BoundArguments, bypassReason: String?,
        retry: RetryPolicy, timeout: Double?
    ) async -> ActionResult {
        let readCache = bypassReason == nil
        var result = ActionResult(status: .failed, key: key, outputs: [:], reason: "", attempts: 0)
        do {
            if readCache, let outputs = try cachedOutputs(key.digest) {
                result.status = .cached
                result.outputs = outputs
                result.reason = "cached"
                return result
            }
            result.reason = try bypassReason ?? explain(key, previous: previousKey)
            let lock = try await store.lockAction(key.digest)
            defer { lock.release() }
            if readCache, let outputs = try cachedOutputs(key.digest) {
                result.status = .cached
                result.outputs = outputs
                result.reason = "cached (computed by a concurrent run)"
                return result
            }
            for attempt in 1...max(1, retry.attempts) {
                try Task.checkCancellation()
                result.attempts = attempt
                let started = Date()
                do {
                    result.outputs = try await execute(stepId: stepId, bound: bound, timeout: timeout)
                    attemptFinished(attempt, started, Date(), nil)
                    try store.recordAction(Self.record(result.outputs, key: key), for: key.digest)
                    result.status = .ran
                    return result
                } catch is CancellationError {
                    attemptFinished(attempt, started, Date(), "cancelled")
                    throw CancellationError()
                } catch {
                    let message = (error as? StepFailure)?.message ?? String(describing: error)
                    attemptFinished(attempt, started, Date(), message)
                    result.error = message
                    let retryable = (error as? StepFailure)?.retryable ?? true
                    guard retryable, attempt < retry.attempts else { break }
                    let wait = retry.backoff * pow(2, Double(attempt - 1))
                    log(
                        .info,
                        "attempt \(attempt) of \(retry.attempts) failed: \(message); retrying in \(DurationParser.format(wait))"
                    )
                    try await Task.sleep(nanoseconds: UInt64(wait * 1e9))
                }
            }
            result.status = .failed
        } catch is CancellationError {
            result.status = .cancelled
            result.error = "cancelled"
        } catch {
            result.status = .failed
            result.error = (error as? StepFailure)?.message ?? String(describing: error)
        }
        return result
    }

    /// The outputs recorded for `key`, when every one of them is still in the store.
    ///
    /// After a power cut, what the store wrote since its last group commit may be lost or cut short
    /// (see `ContentStore.flushToDisk()`): a record that does not parse, or a file output whose blob
    /// has another size than recorded, is a miss, and the action runs again.
    func cachedOutputs(_ key: Digest) throws -> [String: Artifact]? {
        guard let record = try Self.lookup(key, in: store), case .map(let entries) = record["outputs"] ?? .null else {
            return nil
        }
        var outputs: [String: Artifact] = [:]
        for (name, value) in entries {
            guard let artifact = Artifact(record: value), try Self.isStored(artifact, in: store) else { return nil }
            outputs[name] = artifact
        }
        return outputs
    }

    /// The action record of `key`; nil for a miss, or for a record that does not parse.
    static func lookup(_ key: Digest, in store: any ContentStore) throws -> Value? {
        do {
            return try store.actionRecord(for: key)
        } catch let error as StoreError where error.code == .corrupt {
            return nil
        }
    }

    /// Whether the artifact's blob is stored (for a file, with the size recorded for it).
    static func isStored(_ artifact: Artifact, in store: any ContentStore) throws -> Bool {
        guard artifact.kind == .file else { return try store.containsBlob(artifact.digest) }
        return try store.storedSize(ofBlob: artifact.digest) == artifact.size
    }

    /// Why a key missed: what differs from the key the step had in the pipeline's last run.
    func explain(_ key: ActionKey, previous: Digest?) throws -> String {
        guard let previous else { return "first run (no cache entry)" }
        if previous == key.digest { return "the cached outputs are missing from the store" }
        guard let earlier = try Self.lookup(previous, in: store)?["key"] else {
            return "its inputs changed since the last run"
        }
        return key.difference(from: earlier)
    }

    /// The action record: the outputs, and the key's components (to explain later misses).
    static func record(_ outputs: [String: Artifact], key: ActionKey) -> Value {
        .map(["$type": .string("risa.action/1"), "outputs": .map(outputs.mapValues(\.record)), "key": key.components])
    }

    /// One attempt: a fresh private output folder, the implementation, then ingestion.
    private func execute(stepId: String, bound: BoundArguments, timeout: Double?) async throws -> [String: Artifact] {
        let outputFolder = try store.makeWorkDirectory(prefix: "out")
        let scratch = ScratchDirectory { [store] in try store.makeWorkDirectory(prefix: "scratch") }
        defer { Self.removeWorkFolders(outputFolder, prefix: "out", scratch, store: store) }
        let io = ItemSetIO(store: store)
        let resources = StepResources()
        let invocation = StepInvocation(
            stepId: stepId, arguments: bound.execution, outputDirectory: outputFolder, scratch: scratch,
            projectRoot: projectRoot, timeout: timeout, log: log, processSlots: processSlots,
            itemSets: { try io.inputItems($0, bound) }, itemSetLists: { try io.inputItemLists($0, bound) },
            resources: resources)
        guard let action = implementation as? any ActionStepImplementation else {
            throw StepFailure("step type '\(implementation.spec.name)' is not run as one action", retryable: false)
        }
        let produced: [String: ProducedOutput]
        do {
            produced = try await action.execute(invocation)
        } catch {
            await resources.closeAll()
            throw error
        }
        await resources.closeAll()
        var artifacts: [String: Artifact] = [:]
        for (name, output) in produced {
            switch output {
            case .file(let path):
                let stored = try io.ingestWrittenFile(
                    at: outputFolder.appendingPathComponent(path),
                    orFail: StepFailure(
                        "output '\(name)' (\(path)) was not written as a file under $OUT", retryable: false))
                artifacts[name] = Artifact(
                    kind: .file, digest: stored.digest, size: stored.size, path: path, executable: stored.isExecutable)
            case .contents(let bytes, let fileName):
                let parts = fileName.split(separator: "/", omittingEmptySubsequences: false)
                guard !fileName.hasPrefix("/"), parts.allSatisfy({ !$0.isEmpty && $0 != "." && $0 != ".." }) else {
                    throw StepFailure(
                        "output '\(name)': '\(fileName)' is not a relative file path", retryable: false)
                }
                let stored = try store.storeFile(contents: bytes, executable: false)
                artifacts[name] = Artifact(kind: .file, digest: stored.digest, size: stored.size, path: fileName)
            case .directory(let path):
                let url = outputFolder.appendingPathComponent(path)
                var isDirectory: ObjCBool = false
                guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), isDirectory.boolValue
                else {
                    throw StepFailure(
                        "output '\(name)' (\(path)) was not written as a folder under $OUT", retryable: false)
                }
                let tree = try store.ingestDirectory(at: url, moving: true)
                let trimmed = path.hasSuffix("/") ? String(path.dropLast()) : path
                artifacts[name] = Artifact(kind: .tree, digest: tree.digest, size: tree.size, path: trimmed)
            case .items(let produced):
                let items = try produced.map { try io.store($0, writtenUnder: outputFolder) }
                let set = try io.storeSet(items)
                artifacts[name] = Artifact(kind: .items, digest: set.digest, size: set.size, path: name)
            }
        }
        return artifacts
    }

    /// Removes an attempt's output folder and its scratch folder (if it was made), even when the
    /// step left read-only files in them; what cannot be removed is left for the store's clean-up.
    /// The output folder of a step that never asked for a scratch folder (an in-process step: it
    /// started no process that could still write to it) is handed back to the store for reuse.
    static func removeWorkFolders(
        _ outputFolder: URL, prefix: String, _ scratch: ScratchDirectory, store: any ContentStore
    ) {
        if let made = scratch.createdURL {
            try? store.removeWorkDirectory(outputFolder)
            try? store.removeWorkDirectory(made)
        } else {
            try? store.recycleWorkDirectory(outputFolder, prefix: prefix)
        }
    }
}

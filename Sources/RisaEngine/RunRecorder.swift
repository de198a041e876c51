import Foundation
import RisaCore
import RisaState
import RisaSteps
import Synchronization

/// Collects what a run writes to its records (steps, attempts, logs) and writes it in batches, so
/// that thousands of small steps do not cost a database transaction each.
///
/// Full batches are written by `writeInBackground()`, which runs beside the scheduler: the
/// scheduler only buffers, so it keeps starting steps while a batch is written (it used to wait
/// for each write, 20 times in a run of 10,000 steps). `finishWriting()` ends that writer and
/// writes what is left, so batches reach the database one at a time, in order.
final class RunRecorder: Sendable {
    private let records: any RunRecordStore
    private let runID: RunID
    private let pending = Mutex(Pending())
    private let fullBatches: AsyncStream<Void>
    private let batchFilled: AsyncStream<Void>.Continuation

    private struct Pending {
        var steps: [StepRecord] = []
        var items: [ItemRecord] = []
        var events: [RunEvent] = []
        var attempts: [AttemptRecord] = []
        var logs: [String: [(LogStream, String)]] = [:]
        var lineCount = 0
    }

    init(records: any RunRecordStore, runID: RunID) {
        self.records = records
        self.runID = runID
        (fullBatches, batchFilled) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    }

    /// Writes the buffers each time they fill up, until `finishWriting()` (or cancellation).
    func writeInBackground() async {
        for await _ in fullBatches { await Self.uncancelled { await self.write() } }
    }

    /// Stops the background writer; once it has returned, call `flush()` for what is left.

    /// Buffers a log line.
    func log(step: String, channel: LogChannel, line: String) {
        let stream: LogStream = channel == .stdout ? .stdout : .stderr
        let text = channel == .info ? "[risa] " + line : line
        pending.withLock {
            $0.logs[step, default: []].append((stream, text))
            $0.lineCount += 1
        }
    }

    /// Buffers an engine event (log lines are kept as logs, not events).
    func event(_ event: EngineEvent) {
        if case .log = event { return }
        let payload = event.json
        self.event(kind: payload["event"]?.stringValue ?? "run_finished", payload: payload)
    }

    /// Buffers an event whose payload is already built (the run's summary, which the run record
    /// stores too: built once for both).
    func event(kind: String, payload: Value) {
        pending.withLock { $0.events.append(RunEvent(timestamp: Date(), kind: kind, payload: payload)) }
    }

    /// Buffers the items of a per-item step.
    func items(
        step: String, _ records: [(name: String, status: String, input: Digest, output: Digest?, error: String?)]
    ) {
        let rows = records.map {
            ItemRecord(
                runID: runID, stepID: step, name: $0.name, status: ItemStatus(rawValue: $0.status) ?? .failed,
                inputDigest: $0.input, outputDigest: $0.output, error: $0.error)
        }
        pending.withLock { $0.items += rows }
    }

    /// Buffers an attempt.
    func attempt(step: String, number: Int, started: Date, finished: Date, error: String?) {
        let record = AttemptRecord(
            runID: runID, stepID: step, number: number, startedAt: started, finishedAt: finished, error: error)
        pending.withLock { $0.attempts.append(record) }
    }

    func finishWriting() {
        batchFilled.finish()
    }

    /// Buffers a finished step, and wakes the background writer when the buffers are large.
    func stepFinished(_ summary: StepSummary, key: Digest?) {
        var outputs: [String: StepOutput] = [:]
        for (name, entries) in summary.outputs {
            if entries.count == 1 {
                outputs[name] = StepOutput(digest: entries[0].digest, path: entries[0].path)
            } else {
                // One output per foreach element: `name[0]`, `name[1]`, ...
                for (index, entry) in entries.enumerated() {
                    outputs["\(name)[\(index)]"] = StepOutput(digest: entry.digest, path: entry.path)
                }
            }
        }
        let status = StepStatus(rawValue: summary.status) ?? .failed
        let finished = Date()
        let record = StepRecord(
            runID: runID, stepID: summary.id, type: summary.type, actionKey: key, status: status,
            cacheReason: summary.reason,
            startedAt: finished.addingTimeInterval(-summary.duration), finishedAt: finished,
            duration: .milliseconds(Int64(summary.duration * 1000)), outputs: outputs,
            items: ItemCounts(total: summary.total, ran: summary.ran, cached: summary.cached, failed: summary.failed),
            error: summary.error)
        let size = pending.withLock {
            $0.steps.append(record)
            return $0.steps.count + $0.lineCount + $0.items.count + $0.events.count
        }
        if size >= 512 { batchFilled.yield() }
    }

    /// Writes everything buffered; also when the run's task is cancelled, so a cancelled run still
    /// leaves complete records. Not while `writeInBackground()` runs (batches would race).
    func flush() async {
        await Self.uncancelled { await self.write() }
    }

    /// Runs `body` in a task that does not inherit the caller's cancellation.
    static func uncancelled<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) async throws -> T {
        try await Task { try await body() }.value
    }

    /// The same for work that cannot fail.
    static func uncancelled(_ body: @escaping @Sendable () async -> Void) async {
        await Task { await body() }.value
    }

    private func write() async {
        let batch = pending.withLock { state -> Pending in
            let taken = state
            state = Pending()
            return taken
        }
        do {
            if !batch.steps.isEmpty { try await records.saveSteps(batch.steps) }
            if !batch.items.isEmpty { try await records.saveItems(batch.items) }
            if !batch.events.isEmpty { _ = try await records.appendEvents(batch.events, to: runID) }
            try await records.saveAttempts(batch.attempts)
            for (step, lines) in batch.logs.sorted(by: { $0.key < $1.key }) {
                var run: [String] = []
                var stream = lines.first?.0 ?? .stdout
                for (lineStream, text) in lines {
                    if lineStream != stream, !run.isEmpty {
                        try await records.appendLog(run, stream: stream, step: step, run: runID)
                        run.removeAll()
                    }
                    stream = lineStream
                    run.append(text)
                }
                if !run.isEmpty { try await records.appendLog(run, stream: stream, step: step, run: runID) }
            }
        } catch {
            FileHandle.standardError.write(Data("risa: warning: cannot write run records: \(error)\n".utf8))
        }
    }
}

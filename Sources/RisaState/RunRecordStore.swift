import Foundation
import RisaCore

/// Where the engine keeps its records of runs: runs, their steps, attempts, batch items, the event
/// log and step output.
///
/// The engine talks only to this protocol, so that another backend (PostgreSQL for a shared server)
/// can be added without touching it; `SQLiteRunRecordStore` is the one for a project's
/// `.risa/state.db`. Every method may throw `StateError`.
///
/// A run's life, as the engine records it:
///
/// ```swift
/// let store = try SQLiteRunRecordStore(path: ".risa/state.db")
/// _ = try await store.recoverInterruptedRuns(probe: SystemProcessProbe(), at: .now)
/// let run = RunRecord(
///     id: RunID.make(startedAt: .now), pipelineName: "thumbs", pipelinePath: "risa.yaml",
///     startedAt: .now, risaVersion: "0.1.0", environmentFingerprint: fingerprint,
///     process: .current())
/// try await store.createRun(run)
/// try await store.saveSteps([StepRecord(runID: run.id, stepID: "resize", type: "image.resize")])
/// try await store.appendEvents([RunEvent(timestamp: .now, kind: "step.started")], to: run.id)
/// try await store.finishRun(run.id, status: .succeeded, at: .now, summary: .map([:]))
/// ```
public protocol RunRecordStore: Sendable {
    // MARK: Runs

    /// Records a new run.
    /// - Throws: `StateError` `.duplicateRun` when a run with its id exists.
    func createRun(_ run: RunRecord) async throws

    /// Records the end of a run.
    /// - Parameters:
    ///   - id: The run.
    ///   - status: How it ended.
    ///   - date: When it ended.
    ///   - summary: Facts about the run (totals, timings).
    /// - Throws: `StateError` `.notFound` when no such run is recorded.
    func finishRun(_ id: RunID, status: RunStatus, at date: Date, summary: Value) async throws

    /// Records the git checkout of a run (found after the run started).
    /// - Throws: `StateError` `.notFound` when no such run is recorded.
    func setGitInfo(_ git: GitInfo, for id: RunID) async throws

    // MARK: Steps, attempts, items

    /// Records steps, replacing earlier records of the same steps (outputs included), in one
    /// transaction.
    /// - Throws: `StateError` `.missingParent` when a step's run is not recorded.
    func saveSteps(_ steps: [StepRecord]) async throws

    /// Records an attempt, replacing an earlier record with the same number.
    /// - Throws: `StateError` `.missingParent` when its step is not recorded.
    func saveAttempt(_ attempt: AttemptRecord) async throws

    /// Records attempts as `saveAttempt` does, all in one transaction.
    /// - Throws: `StateError` `.missingParent` when an attempt's step is not recorded.
    func saveAttempts(_ attempts: [AttemptRecord]) async throws

    /// Records batch items, replacing earlier records of the same items, in one transaction.
    /// - Throws: `StateError` `.missingParent` when an item's step is not recorded.
    func saveItems(_ items: [ItemRecord]) async throws

    // MARK: Event log and step output

    /// Appends events to a run's event log, numbering them after the ones already there.
    /// - Returns: The stored events with their sequence numbers.
    /// - Throws: `StateError` `.missingParent` when the run is not recorded.
    func appendEvents(_ events: [RunEvent], to runID: RunID) async throws -> [EventRecord]

    /// Appends lines a step wrote to one of its streams, numbering them after the run's earlier lines.
    /// - Parameters:
    ///   - lines: The lines, without line breaks.
    ///   - stream: The stream they came from.
    ///   - stepID: The step that wrote them.
    ///   - runID: The run.
    /// - Throws: `StateError` `.missingParent` when the step is not recorded.
    func appendLog(
        _ lines: [String], stream: LogStream, step stepID: String, run runID: RunID)
        async throws

    // MARK: Queries

    /// The most recently started runs, newest first.
    /// - Parameter limit: How many at most (0 or more).
    func listRuns(limit: Int) async throws -> [RunRecord]

    /// A run with its steps.
    /// - Throws: `StateError` `.notFound` when no such run is recorded.
    func run(_ id: RunID) async throws -> RunDetail

    /// The most recently started run of the pipeline file `pipelinePath` that has ended (whatever
    /// its status), or nil when there is none. Reads no run summary, so it stays fast however large
    /// the recorded runs are.
    func latestFinishedRun(pipelinePath: String) async throws -> RunID?

    /// The action key of every step of a run that has one, by step id.
    func actionKeys(run runID: RunID) async throws -> [String: Digest]

    /// The run whose id begins with `prefix` (like a short git commit id).
    /// - Throws: `StateError` `.notFound` when none matches, `.ambiguousPrefix` (listing candidates)
    ///   when several do, `.invalidArgument` for an empty prefix.
    func resolveRunID(prefix: String) async throws -> RunID

    /// The attempts of a step, by number.
    func attempts(run runID: RunID, step stepID: String) async throws -> [AttemptRecord]

    /// The items of a batch step, in the order they were first recorded.
    func items(run runID: RunID, step stepID: String) async throws -> [ItemRecord]

    /// A run's events with a sequence number above `sequence`, in order (0 for all).
    func events(run runID: RunID, after sequence: Int) async throws -> [EventRecord]

    /// A run's log lines with a sequence number above `sequence`, in order, of one step or of all
    /// steps when `stepID` is nil.
    func logs(run runID: RunID, step stepID: String?, after sequence: Int) async throws -> [LogLine]

    /// The digests referred to by the `count` most recently started runs (whatever their status),
    /// which cache garbage collection must not delete.
    func referencedDigests(lastRuns count: Int) async throws -> ReferencedDigests

    // MARK: Crash recovery

    /// Marks as `interrupted` every run still `running` whose recorded process is dead, and cancels
    /// its unfinished steps. Runs recorded without a process, or on another host, are left alone.
    /// - Parameters:
    ///   - probe: Tells whether a process still runs.
    ///   - date: The finish time to record.
    /// - Returns: The runs marked.
    func recoverInterruptedRuns(probe: any ProcessLivenessProbe, at date: Date) async throws -> [RunID]

    /// Marks as `interrupted` every run still `running` that started before `cutoff`, whatever its
    /// process, and cancels its unfinished steps (for runs whose process cannot be checked).
    /// - Returns: The runs marked.
    func markInterrupted(startedBefore cutoff: Date, at date: Date) async throws -> [RunID]
}

extension RunRecordStore {
    /// All of a run's events, in order.
    public func events(run runID: RunID) async throws -> [EventRecord] {
        try await events(run: runID, after: 0)
    }

    /// All of a run's log lines in order, of one step or of all steps when `stepID` is nil.
    public func logs(run runID: RunID, step stepID: String? = nil) async throws -> [LogLine] {
        try await logs(run: runID, step: stepID, after: 0)
    }

    /// The run whose id is `idOrPrefix` or begins with it.
    public func run(matching idOrPrefix: String) async throws -> RunDetail {
        try await run(resolveRunID(prefix: idOrPrefix))
    }
}

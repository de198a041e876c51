import Foundation
import RisaCore

/// One step of a run, as recorded: what it was, whether it ran or came from the cache and why, and
/// what it produced.
///
/// The engine saves a step several times as it moves on (pending, running, ran); each save replaces
/// the previous one, outputs included.
public struct StepRecord: Hashable, Sendable {
    /// The run the step belongs to.
    public var runID: RunID
    /// The step's id in the pipeline.
    public var stepID: String
    /// The step type (`image.resize`, `shell`, ...).
    public var type: String
    /// The digest of everything that determines the step's result, once computed.
    public var actionKey: Digest?
    /// Where the step stands.
    public var status: StepStatus
    /// Why the step ran rather than coming from the cache ("no cache entry", "argument size changed",
    /// "forced"), or why it was skipped.
    public var cacheReason: String?
    /// When the step started.
    public var startedAt: Date?
    /// When the step ended.
    public var finishedAt: Date?
    /// How long the step took, measured by the engine on a monotonic clock (so it need not equal
    /// `finishedAt - startedAt`); kept to the millisecond.
    public var duration: Duration?
    /// The step's outputs by name.
    public var outputs: [String: StepOutput]
    /// For batch steps, how the items fared.
    public var items: ItemCounts?
    /// What went wrong, for a failed step.
    public var error: String?

    /// Creates a step record.
    /// - Parameters:
    ///   - runID: The run.
    ///   - stepID: The step's id in the pipeline.
    ///   - type: The step type.
    ///   - actionKey: The action key, once computed.
    ///   - status: Where the step stands.
    ///   - cacheReason: Why it ran or was skipped.
    ///   - startedAt: Start time.
    ///   - finishedAt: End time.
    ///   - duration: Monotonic duration.
    ///   - outputs: Outputs by name.
    ///   - items: Item counts for batch steps.
    ///   - error: The failure message.
    public init(
        runID: RunID, stepID: String, type: String, actionKey: Digest? = nil,
        status: StepStatus = .pending, cacheReason: String? = nil, startedAt: Date? = nil,
        finishedAt: Date? = nil, duration: Duration? = nil, outputs: [String: StepOutput] = [:],
        items: ItemCounts? = nil, error: String? = nil
    ) {
        self.runID = runID
        self.stepID = stepID
        self.type = type
        self.actionKey = actionKey
        self.status = status
        self.cacheReason = cacheReason
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.duration = duration
        self.outputs = outputs
        self.items = items
        self.error = error
    }
}

import Foundation

/// One attempt at executing a step (a step with retries has several).
public struct AttemptRecord: Hashable, Sendable {
    /// The run.
    public var runID: RunID
    /// The step.
    public var stepID: String
    /// The attempt's number, from 1.
    public var number: Int
    /// When the attempt started.
    public var startedAt: Date
    /// When it ended, once it has.
    public var finishedAt: Date?
    /// The exit status of the step's process, for steps that run one.
    public var exitStatus: Int32?
    /// What went wrong, for a failed attempt.
    public var error: String?

    /// Creates an attempt record.
    public init(
        runID: RunID, stepID: String, number: Int, startedAt: Date, finishedAt: Date? = nil,
        exitStatus: Int32? = nil, error: String? = nil
    ) {
        self.runID = runID
        self.stepID = stepID
        self.number = number
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.exitStatus = exitStatus
        self.error = error
    }
}

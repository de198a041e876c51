/// A run with its steps, in the order they were first recorded (plan order).
public struct RunDetail: Hashable, Sendable {
    /// The run.
    public var run: RunRecord
    /// Its steps.
    public var steps: [StepRecord]

    /// Creates a run detail.
    public init(run: RunRecord, steps: [StepRecord]) {
        self.run = run
        self.steps = steps
    }
}

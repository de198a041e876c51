/// Where one step of a run stands.
public enum StepStatus: String, Sendable, CaseIterable {
    /// Planned, waiting for its inputs or a free slot.
    case pending
    /// Executing now.
    case running
    /// Executed and succeeded.
    case ran
    /// Served from the action cache without executing.
    case cached
    /// Executed and failed (after its retries).
    case failed
    /// Not executed because an upstream step failed or a condition was false.
    case skipped
    /// Stopped, or never started, because the run was cancelled or interrupted.
    case cancelled

    /// Whether the step is still to finish (`pending` or `running`).
    public var isActive: Bool { self == .pending || self == .running }
}

/// Where a run stands.
public enum RunStatus: String, Sendable, CaseIterable {
    /// A process is (or was, until it died) executing the run.
    case running
    /// Every step ran or was served from the cache.
    case succeeded
    /// At least one step failed.
    case failed
    /// The run was stopped on request (Ctrl-C, `risa cancel`).
    case cancelled
    /// The process running it ended without recording a result (killed, crashed, machine restarted);
    /// found and marked by a later process.
    case interrupted

    /// Whether the run has ended (every status but `running`).
    public var isFinished: Bool { self != .running }
}

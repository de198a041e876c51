import Glibc

/// When to signal a child's process group and when to stop reading its output: a state machine
/// fed with events and the time, returning what to do, so that the escalation can be tested
/// without processes or sleeping.
///
/// - A timeout or a cancellation sends SIGTERM, then SIGKILL after the grace period unless the
///   child exited first. Only the first of the two counts.
/// - When the child exits, whatever is left in its group is sent SIGKILL (the child is still a
///   zombie then, so the group id cannot have been reused), and output is read for at most the
///   grace period more, in case a process that left the group holds the pipes open.
struct ProcessTerminationSchedule {
    typealias Instant = ContinuousClock.Instant

    /// What the supervisor must do.
    enum Action: Equatable {
        /// Send this signal to the child's process group.
        case signalGroup(Int32)
        /// Stop reading output and finish the run.
        case stopReading
    }

    /// Time between SIGTERM and SIGKILL, and the longest wait for the pipes after the exit.
    let killGracePeriod: Duration
    /// Why the child was stopped, once it was.
    private(set) var interruption: SubprocessResult.Interruption?
    /// When the child's exit was seen.
    private(set) var exitedAt: Instant?
    private var timeoutDeadline: Instant?
    private var killDeadline: Instant?
    private var readingDeadline: Instant?

    /// Creates the schedule of a child started at `startedAt`.
    init(startedAt: Instant, timeout: Duration?, killGracePeriod: Duration) {
        self.killGracePeriod = killGracePeriod
        timeoutDeadline = timeout.map { startedAt + $0 }
    }

    /// The next time ``advance(to:)`` has something to do; `nil` when only an event can change
    /// anything.
    var nextDeadline: Instant? {
        [timeoutDeadline, killDeadline, readingDeadline].compactMap { $0 }.min()
    }

    /// The awaiting task was cancelled.
    mutating func cancelRequested(at now: Instant) -> [Action] {
        stop(because: .cancelled, at: now)
    }

    /// The child exited.
    mutating func childExited(at now: Instant) -> [Action] {
        guard exitedAt == nil else { return [] }
        exitedAt = now
        timeoutDeadline = nil
        killDeadline = nil
        readingDeadline = now + killGracePeriod
        return [.signalGroup(SIGKILL)]
    }

    /// What the passing of time up to `now` calls for.
    mutating func advance(to now: Instant) -> [Action] {
        var actions: [Action] = []
        if let deadline = timeoutDeadline, now >= deadline {
            actions += stop(because: .timedOut, at: now)
        }
        if let deadline = killDeadline, now >= deadline {
            killDeadline = nil
            actions.append(.signalGroup(SIGKILL))
        }
        if let deadline = readingDeadline, now >= deadline {
            readingDeadline = nil
            actions.append(.stopReading)
        }
        return actions
    }

    private mutating func stop(because reason: SubprocessResult.Interruption, at now: Instant) -> [Action] {
        timeoutDeadline = nil
        guard exitedAt == nil, interruption == nil else { return [] }
        interruption = reason
        killDeadline = now + killGracePeriod
        return [.signalGroup(SIGTERM)]
    }
}

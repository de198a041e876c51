/// How a child process ended.
public struct SubprocessResult: Sendable, Hashable {
    /// What ended the child: an exit status or a signal.
    public enum Termination: Sendable, Hashable {
        /// The child called `exit` with this status (0 to 255).
        case exited(code: Int32)
        /// The child was killed by this signal (`SIGKILL` is 9, `SIGTERM` 15).
        case signaled(signal: Int32)
    }

    /// Why the runner stopped the child before it ended on its own.
    public enum Interruption: Sendable, Hashable {
        /// The child ran past ``Subprocess/timeout``.
        case timedOut
        /// The task awaiting the child was cancelled.
        case cancelled
    }

    /// What ended the child.
    public var termination: Termination
    /// Why the runner stopped the child; `nil` when it ended on its own.
    public var interruption: Interruption?
    /// Time from the start of the child to its exit.
    public var duration: Duration

    /// Creates a result.
    ///
    /// - Parameters:
    ///   - termination: What ended the child.
    ///   - interruption: Why the runner stopped it, if it did.
    ///   - duration: Time from start to exit.
    public init(termination: Termination, interruption: Interruption?, duration: Duration) {
        self.termination = termination
        self.interruption = interruption
        self.duration = duration
    }

    /// Whether the child exited with status 0 without being stopped by the runner.
    public var succeeded: Bool {
        termination == .exited(code: 0) && interruption == nil
    }

    /// Whether the child was stopped for running past its timeout.
    public var timedOut: Bool { interruption == .timedOut }

    /// Whether the child was stopped because the awaiting task was cancelled.
    public var wasCancelled: Bool { interruption == .cancelled }
}

extension SubprocessResult.Termination {
    /// Decodes a `waitpid` status (the `WIFEXITED`/`WEXITSTATUS`/`WTERMSIG` macros, which Swift
    /// cannot import).
    init(waitStatus status: Int32) {
        let signal = status & 0x7f
        if signal == 0 {
            self = .exited(code: (status >> 8) & 0xff)
        } else {
            self = .signaled(signal: signal)
        }
    }
}

extension SubprocessResult.Termination: CustomStringConvertible {
    /// "exit status 3" or "signal 9".
    public var description: String {
        switch self {
        case .exited(let code): "exit status \(code)"
        case .signaled(let signal): "signal \(signal)"
        }
    }
}

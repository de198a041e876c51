import Glibc
import Synchronization

/// Watches one long-lived child on two threads of its own, as ``ProcessSupervisor`` does for a
/// child run to completion, and also feeds its standard input from a ``ProcessInputQueue``.
///
/// The child is reaped only after its group was signalled for the last time, so `kill(-pid, ...)`
/// cannot reach an unrelated group that reused the number.
final class InteractiveSupervisor: Sendable {
    private struct ExitState {
        var outcome: Result<SubprocessResult, SubprocessError>?
        var waiters: [CheckedContinuation<SubprocessResult, any Error>] = []
    }

    let child: SpawnedProcess
    let input: ProcessInputQueue
    let wake: ProcessWakePipe
    private let executable: String
    private let startedAt: ContinuousClock.Instant
    private let timeout: Duration?
    private let killGracePeriod: Duration
    private let onOutput: @Sendable (SubprocessOutputLine) -> Void
    private let onExit: @Sendable (Result<SubprocessResult, SubprocessError>) -> Void
    private let exit = Mutex(ExitState())

    /// Takes charge of `child`, `input` and `wake`, which it closes when done.
    init(
        child: SpawnedProcess, input: ProcessInputQueue, wake: ProcessWakePipe, executable: String,
        startedAt: ContinuousClock.Instant, timeout: Duration?, killGracePeriod: Duration,
        onOutput: @escaping @Sendable (SubprocessOutputLine) -> Void,
        onExit: @escaping @Sendable (Result<SubprocessResult, SubprocessError>) -> Void
    ) {
        self.child = child
        self.input = input
        self.wake = wake
        self.executable = executable
        self.startedAt = startedAt
        self.timeout = timeout
        self.killGracePeriod = killGracePeriod
        self.onOutput = onOutput
        self.onExit = onExit
    }

    /// Starts the exit watcher and the supervisor threads.
    ///
    /// - Throws: ``SubprocessError`` `.io` when a thread cannot be started; the child is killed.
    func start() throws(SubprocessError) {
        do {
            try ProcessThread.start { [self] in
                var info = siginfo_t()
                while waitid(P_PID, id_t(child.pid), &info, WEXITED | WNOWAIT) != 0, errno == EINTR {}
                wake.post(.childExited)
            }
            try ProcessThread.start { [self] in finish(supervise()) }
        } catch {
            kill(-child.pid, SIGKILL)
            var status: Int32 = 0
            while waitpid(child.pid, &status, 0) < 0, errno == EINTR {}
            close(child.stdout)
            close(child.stderr)
            input.close()
            wake.close()
            throw SubprocessError(
                code: .io, executable: executable,
                message: "killed '\(executable)' right after its start: cannot create a thread to watch it",
                errno: error.errno)
        }
    }

    /// The child's exit, or the runner's failure, once known.
    var outcome: Result<SubprocessResult, SubprocessError>? { exit.withLock { $0.outcome } }

    /// Waits for the child to exit and be reaped.
    func waitForExit() async throws -> SubprocessResult {
        try await withCheckedThrowingContinuation { continuation in
            let known = exit.withLock { state in
                if state.outcome == nil { state.waiters.append(continuation) }
                return state.outcome
            }
            if let known { continuation.resume(with: known.mapError { $0 as any Error }) }
        }
    }

    private func finish(_ outcome: Result<SubprocessResult, SubprocessError>) {
        let waiters = exit.withLock { state in
            state.outcome = outcome
            defer { state.waiters = [] }
            return state.waiters
        }
        onExit(outcome)
        for waiter in waiters { waiter.resume(with: outcome.mapError { $0 as any Error }) }
    }

    /// The supervisor thread's work, from the first read to the reaping of the child.
    private func supervise() -> Result<SubprocessResult, SubprocessError> {
        // A child that closes its input makes a write fail with EPIPE; with SIGPIPE blocked on
        // this thread that is an error number, whatever the process does with the signal.
        var blocked = sigset_t()
        sigemptyset(&blocked)
        sigaddset(&blocked, SIGPIPE)
        pthread_sigmask(SIG_BLOCK, &blocked, nil)

        let loop = ProcessWatchLoop(
            child: child, wake: wake, executable: executable, startedAt: startedAt, timeout: timeout,
            killGracePeriod: killGracePeriod, onOutput: onOutput)
        return loop.run(
            extraDescriptors: { [input] in
                var descriptors = [pollfd(fd: input.notifyRead, events: Int16(POLLIN), revents: 0)]
                if let writable = input.writableDescriptor {
                    descriptors.append(pollfd(fd: writable, events: Int16(POLLOUT), revents: 0))
                }
                return descriptors
            },
            afterPoll: { [input] polled in
                if polled[polled.startIndex].revents != 0 { input.drainNotifications() }
                input.flush()
            },
            beforeReaping: { [input] in input.close() })
    }
}

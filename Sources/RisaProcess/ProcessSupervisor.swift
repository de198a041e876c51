import Glibc

/// Watches one started child to the end on two threads of its own: one blocks in `waitid` until the
/// child exits, the other reads the output, keeps time, signals the process group and finally
/// reaps the child and resumes the awaiting task.
///
/// The child is reaped only after the group was signalled for the last time: until then it is a
/// zombie holding its pid, so `kill(-pid, ...)` cannot reach an unrelated group that reused the
/// number.
final class ProcessSupervisor: Sendable {
    private let child: SpawnedProcess
    private let wake: ProcessWakePipe
    private let executable: String
    private let startedAt: ContinuousClock.Instant
    private let timeout: Duration?
    private let killGracePeriod: Duration
    private let onOutput: @Sendable (SubprocessOutputLine) -> Void

    /// Takes charge of `child` and of `wake`, which it closes when done.
    init(
        child: SpawnedProcess, wake: ProcessWakePipe, executable: String, startedAt: ContinuousClock.Instant,
        timeout: Duration?, killGracePeriod: Duration, onOutput: @escaping @Sendable (SubprocessOutputLine) -> Void
    ) {
        self.child = child
        self.wake = wake
        self.executable = executable
        self.startedAt = startedAt
        self.timeout = timeout
        self.killGracePeriod = killGracePeriod
        self.onOutput = onOutput
    }

    /// Starts the threads; `continuation` is resumed once the child is reaped and every output
    /// line delivered, or at once with an error if a thread cannot be started.
    func start(_ continuation: CheckedContinuation<SubprocessResult, any Error>) {
        do {
            try ProcessThread.start { [self] in watchForExit() }
            try ProcessThread.start { [self] in continuation.resume(with: supervise()) }
        } catch {
            abandon()
            continuation.resume(
                throwing: SubprocessError(
                    code: .io, executable: executable,
                    message: "killed '\(executable)' right after its start: cannot create a thread to watch it",
                    errno: error.errno))
        }
    }

    /// Blocks until the child exits, leaving it unreaped (`WNOWAIT`), and tells the supervisor.
    private func watchForExit() {
        var info = siginfo_t()
        while waitid(P_PID, id_t(child.pid), &info, WEXITED | WNOWAIT) != 0, errno == EINTR {}
        wake.post(.childExited)
    }

    /// The supervisor thread's work, from the first read to the reaping of the child.
    private func supervise() -> Result<SubprocessResult, any Error> {
        ProcessWatchLoop(
            child: child, wake: wake, executable: executable, startedAt: startedAt, timeout: timeout,
            killGracePeriod: killGracePeriod, onOutput: onOutput
        ).run().mapError { $0 }
    }

    /// Kills and reaps a child nobody can watch, and releases its descriptors.
    private func abandon() {
        kill(-child.pid, SIGKILL)
        var status: Int32 = 0
        // Blocks only until SIGKILL takes effect, which is immediate.
        while waitpid(child.pid, &status, 0) < 0, errno == EINTR {}
        close(child.stdout)
        close(child.stderr)
        wake.close()
    }
}

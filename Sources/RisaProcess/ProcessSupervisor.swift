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
        var schedule = ProcessTerminationSchedule(
            startedAt: startedAt, timeout: timeout, killGracePeriod: killGracePeriod)
        var pump = ProcessOutputPump(child: child, onOutput: onOutput)
        var readingStopped = false
        var failure: SubprocessError?

        func perform(_ actions: [ProcessTerminationSchedule.Action]) {
            for action in actions {
                switch action {
                case .signalGroup(let signal): kill(-child.pid, signal)
                case .stopReading: readingStopped = true
                }
            }
        }

        while schedule.exitedAt == nil || !(pump.isFinished || readingStopped) {
            var descriptors = readingStopped ? [] : pump.pollDescriptors
            descriptors.append(pollfd(fd: wake.readEnd, events: Int16(POLLIN), revents: 0))
            if poll(&descriptors, nfds_t(descriptors.count), Self.pollTimeout(until: schedule.nextDeadline)) < 0 {
                if errno == EINTR { continue }
                failure = SubprocessError(
                    code: .io, executable: executable,
                    message: "lost track of the output of '\(executable)' (poll failed); killed it", errno: errno)
                kill(-child.pid, SIGKILL)
                break
            }
            pump.service(descriptors.dropLast())
            if descriptors[descriptors.count - 1].revents != 0 {
                for event in wake.drain() {
                    switch event {
                    case .childExited: perform(schedule.childExited(at: .now))
                    case .cancelRequested: perform(schedule.cancelRequested(at: .now))
                    }
                }
            }
            perform(schedule.advance(to: .now))
        }
        pump.finish()
        return ProcessReaper.finish(
            pid: child.pid, executable: executable, failure: failure, readError: pump.readError, wake: wake,
            schedule: schedule, startedAt: startedAt
        ).mapError { $0 }
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

    /// Milliseconds until `deadline` for `poll`, rounded up so that a wake-up is never early;
    /// -1 (no limit) without a deadline.
    static func pollTimeout(until deadline: ContinuousClock.Instant?) -> Int32 {
        guard let deadline else { return -1 }
        let remaining = deadline - .now
        guard remaining > .zero else { return 0 }
        let (seconds, attoseconds) = remaining.components
        let attosecondsPerMillisecond: Int64 = 1_000_000_000_000_000
        let milliseconds = seconds * 1000 + (attoseconds + attosecondsPerMillisecond - 1) / attosecondsPerMillisecond
        return Int32(clamping: milliseconds)
    }
}

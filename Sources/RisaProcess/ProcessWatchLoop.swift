import Glibc

/// The loop a supervisor thread runs for one child, shared by ``ProcessSupervisor`` and
/// ``InteractiveSupervisor``: poll the child's output and the wake pipe (plus whatever descriptors
/// the supervisor adds, such as its input queue's), deliver output lines, keep time, signal the
/// process group as ``ProcessTerminationSchedule`` says, and finally reap the child.
struct ProcessWatchLoop {
    let child: SpawnedProcess
    let wake: ProcessWakePipe
    let executable: String
    let startedAt: ContinuousClock.Instant
    let timeout: Duration?
    let killGracePeriod: Duration
    let onOutput: @Sendable (SubprocessOutputLine) -> Void

    /// Runs until the child has exited and its output is read (or reading was given up), then
    /// reaps it.
    /// - Parameters:
    ///   - extraDescriptors: descriptors to poll besides the output and the wake pipe, asked anew
    ///     before every poll.
    ///   - afterPoll: called after every poll with what happened to `extraDescriptors`.
    ///   - beforeReaping: called once the loop ends, before the child is reaped.
    func run(
        extraDescriptors: () -> [pollfd] = { [] }, afterPoll: (ArraySlice<pollfd>) -> Void = { _ in },
        beforeReaping: () -> Void = {}
    ) -> Result<SubprocessResult, SubprocessError> {
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
            let outputCount = descriptors.count
            descriptors.append(pollfd(fd: wake.readEnd, events: Int16(POLLIN), revents: 0))
            descriptors += extraDescriptors()
            if poll(&descriptors, nfds_t(descriptors.count), Self.pollTimeout(until: schedule.nextDeadline)) < 0 {
                if errno == EINTR { continue }
                failure = SubprocessError(
                    code: .io, executable: executable,
                    message: "lost track of the output of '\(executable)' (poll failed); killed it", errno: errno)
                kill(-child.pid, SIGKILL)
                break
            }
            pump.service(descriptors.prefix(outputCount))
            afterPoll(descriptors[(outputCount + 1)...])
            if descriptors[outputCount].revents != 0 {
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
        beforeReaping()
        return ProcessReaper.finish(
            pid: child.pid, executable: executable, failure: failure, readError: pump.readError, wake: wake,
            schedule: schedule, startedAt: startedAt)
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

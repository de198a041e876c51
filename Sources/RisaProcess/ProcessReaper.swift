import Glibc

/// The end of supervising a child, shared by run-to-completion and interactive children: turns an
/// output read error into the failure, collects the exit status, closes the wake pipe, and builds
/// the result.
enum ProcessReaper {
    /// Reaps `pid` and describes how it ended.
    /// - Parameters:
    ///   - failure: what already went wrong while supervising, if anything (it wins).
    ///   - readError: the errno of a failed read of the child's output, if any.
    static func finish(
        pid: pid_t, executable: String, failure: SubprocessError?, readError: Int32?, wake: ProcessWakePipe,
        schedule: ProcessTerminationSchedule, startedAt: ContinuousClock.Instant
    ) -> Result<SubprocessResult, SubprocessError> {
        var failure = failure
        if failure == nil, let readError {
            failure = SubprocessError(
                code: .io, executable: executable, message: "cannot read the output of '\(executable)'",
                errno: readError)
        }
        var status: Int32 = 0
        var reaped: pid_t
        repeat { reaped = waitpid(pid, &status, 0) } while reaped < 0 && errno == EINTR
        let waitError = errno
        wake.close()
        if let failure { return .failure(failure) }
        guard reaped == pid else {
            return .failure(
                SubprocessError(
                    code: .waitFailed, executable: executable,
                    message: "cannot collect the exit status of '\(executable)' (pid \(pid)); is SIGCHLD "
                        + "ignored in this process?",
                    errno: waitError))
        }
        return .success(
            SubprocessResult(
                termination: SubprocessResult.Termination(waitStatus: status),
                interruption: schedule.interruption,
                duration: (schedule.exitedAt ?? .now) - startedAt))
    }
}

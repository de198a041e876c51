/// A child process to run: what to execute, with which arguments, environment and working directory,
/// and how long it may take.
///
/// The child starts in a process group of its own with standard input from `/dev/null`, its standard
/// output and error read line by line, and the signals the parent blocks or ignores reset to their
/// defaults. Stopping it (timeout, cancellation of the calling task) signals the whole group, so
/// processes it started in the background stop with it. When the child exits, whatever it left
/// running in its group is killed, so that no stray process outlives the run or keeps the output
/// pipes open.
///
/// A non-zero exit status or a death by signal is not an error: it is in the ``SubprocessResult``.
/// Errors are for a child that could not be started (``SubprocessError``).
///
/// ```swift
/// let ffprobe = Subprocess(
///     executable: "ffprobe",
///     arguments: ["-v", "error", "-show_format", "input.mp4"],
///     environment: ["PATH": "/usr/bin:/bin"],
///     timeout: .seconds(30))
/// let result = try await ffprobe.run { line in
///     print(line.stream == .stdout ? "out:" : "err:", line.text)
/// }
/// if !result.succeeded { print("ffprobe failed: \(result.termination)") }
/// ```
public struct Subprocess: Sendable, Hashable {
    /// The program to run: a path containing a slash (relative paths are resolved against
    /// ``workingDirectory`` when one is set), or a bare name looked up in the `PATH` of
    /// ``environment`` (`/usr/bin:/bin` when it has none), as `execvp` does.
    public var executable: String
    /// The arguments after the program name (the child's `argv[0]` is ``executable``).
    public var arguments: [String]
    /// The child's whole environment: nothing of the parent's is inherited unless it is in here.
    public var environment: [String: String]
    /// The directory the child starts in; the parent's when `nil`.
    public var workingDirectory: String?
    /// How long the child may run before its process group is sent SIGTERM; no limit when `nil`.
    public var timeout: Duration?
    /// How long a group sent SIGTERM (on timeout or cancellation) gets to exit before it is sent
    /// SIGKILL. Also bounds how long output is still read after the child exited, should a process
    /// that left the group keep the pipes open.
    public var killGracePeriod: Duration

    /// Describes a child process to run.
    ///
    /// - Parameters:
    ///   - executable: A path, or a name looked up in the `PATH` of `environment`.
    ///   - arguments: The arguments after the program name.
    ///   - environment: The child's complete environment.
    ///   - workingDirectory: The directory the child starts in; the parent's when `nil`.
    ///   - timeout: How long the child may run; no limit when `nil`.
    ///   - killGracePeriod: Time between SIGTERM and SIGKILL when the child is stopped.
    public init(
        executable: String,
        arguments: [String] = [],
        environment: [String: String] = [:],
        workingDirectory: String? = nil,
        timeout: Duration? = nil,
        killGracePeriod: Duration = .seconds(2)
    ) {
        self.executable = executable
        self.arguments = arguments
        self.environment = environment
        self.workingDirectory = workingDirectory
        self.timeout = timeout
        self.killGracePeriod = killGracePeriod
    }

    /// Runs the child to completion, handing over its output line by line as it arrives.
    ///
    /// `onOutput` is called on a thread of the runner, never concurrently with itself, in arrival
    /// order (which keeps each stream's lines in order); every call has returned before this method
    /// returns. A slow `onOutput` slows the reading, and so the child once its pipe buffer is full.
    ///
    /// Cancelling the calling task stops the child's process group (SIGTERM, then SIGKILL after
    /// ``killGracePeriod``) and returns a result whose ``SubprocessResult/interruption`` is
    /// `.cancelled`. A task cancelled before the call starts nothing and throws `CancellationError`.
    ///
    /// - Parameter onOutput: Receives each line of standard output and standard error.
    /// - Returns: How the child ended, whether it was stopped, and how long it ran.
    /// - Throws: `CancellationError` when the task was already cancelled; ``SubprocessError`` when
    ///   the child could not be started, its output could not be read, or its status not collected.
    public func run(
        onOutput: @escaping @Sendable (SubprocessOutputLine) -> Void
    ) async throws -> SubprocessResult {
        try await run(workingDirectoryStrategy: .preferred, onOutput: onOutput)
    }

    /// ``run(onOutput:)`` with the way of entering the working directory chosen, so that tests can
    /// exercise the shell fallback on a C library that has the spawn file action.
    func run(
        workingDirectoryStrategy: WorkingDirectoryStrategy,
        onOutput: @escaping @Sendable (SubprocessOutputLine) -> Void
    ) async throws -> SubprocessResult {
        try Task.checkCancellation()
        let plan = try ProcessLaunchPlan(self, workingDirectoryStrategy: workingDirectoryStrategy)
        // The wake pipe exists before the child so that a cancellation arriving at any point after
        // the spawn is seen by the supervisor.
        let wake = try ProcessWakePipe(executable: executable)
        let startedAt = ContinuousClock.now
        let child: SpawnedProcess
        do {
            child = try ProcessSpawner.spawn(plan, executable: executable)
        } catch {
            wake.close()
            throw error
        }
        let supervisor = ProcessSupervisor(
            child: child, wake: wake, executable: executable, startedAt: startedAt,
            timeout: timeout, killGracePeriod: killGracePeriod, onOutput: onOutput)
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                supervisor.start(continuation)
            }
        } onCancel: {
            wake.post(.cancelRequested)
        }
    }
}

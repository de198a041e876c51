/// A long-lived child process that reads requests on its standard input and answers line by line:
import Glibc

/// a model worker, a language server, anything speaking a line protocol.
///
/// It starts as a ``Subprocess`` does (its own process group, the given environment only, signals
/// reset), but its standard input is a pipe: ``write(_:)`` queues bytes that a thread of the runner
/// writes as the child reads them, so a caller never blocks on a child that is slow to read.
/// Output arrives line by line through `onOutput`, on a runner thread, in order; `onExit` is called
/// once, after the last line, when the child has exited and been reaped. ``Subprocess/timeout``,
/// when set, limits the child's whole life.
///
/// ``closeInput()`` gives the child end of file, the usual way to ask it to finish; ``stop()``
/// sends its group SIGTERM, then SIGKILL after ``Subprocess/killGracePeriod``. When the child
/// exits, whatever it left in its group is killed. Dropping the last reference closes the input.
///
/// ```swift
/// let worker = try InteractiveProcess(
///     Subprocess(executable: "/usr/bin/python3", arguments: ["worker.py"]),
///     onOutput: { line in print(line.text) })
/// try worker.write(Array("{\"id\":1}\n".utf8))
/// worker.closeInput()
/// let result = try await worker.waitForExit()
/// ```
public final class InteractiveProcess: Sendable {
    /// The child's pid, which is also its process group id.
    public let processID: Int32
    /// The executable as the caller named it.
    public let executable: String
    private let supervisor: InteractiveSupervisor

    /// Starts the child.
    ///
    /// - Parameters:
    ///   - subprocess: What to run; its `timeout`, when set, limits the child's whole life.
    ///   - onOutput: Receives each line of standard output and standard error, in order, on a
    ///     thread of the runner, never concurrently with itself or `onExit`.
    ///   - onExit: Called once after the last line: how the child ended, or why the runner lost
    ///     track of it.
    /// - Throws: ``SubprocessError`` when the child cannot be started.
    public init(
        _ subprocess: Subprocess,
        onOutput: @escaping @Sendable (SubprocessOutputLine) -> Void,
        onExit: @escaping @Sendable (Result<SubprocessResult, SubprocessError>) -> Void = { _ in }
    ) throws {
        let name = subprocess.executable
        let plan = try ProcessLaunchPlan(subprocess, workingDirectoryStrategy: .preferred)
        let wake = try ProcessWakePipe(executable: name)
        let startedAt = ContinuousClock.now
        let child: SpawnedProcess
        do {
            child = try ProcessSpawner.spawn(plan, executable: name, inputPipe: true)
        } catch {
            wake.close()
            throw error
        }
        let input: ProcessInputQueue
        do {
            input = try ProcessInputQueue(descriptor: child.stdin, executable: name)
        } catch {
            // Without a way to feed it the child is of no use: end of file on its input (the
            // queue closed it) and SIGKILL, then reap it so it leaves no zombie.
            kill(-child.pid, SIGKILL)
            var status: Int32 = 0
            while waitpid(child.pid, &status, 0) < 0, errno == EINTR {}
            close(child.stdout)
            close(child.stderr)
            wake.close()
            throw error
        }
        supervisor = InteractiveSupervisor(
            child: child, input: input, wake: wake, executable: name, startedAt: startedAt,
            timeout: subprocess.timeout, killGracePeriod: subprocess.killGracePeriod,
            onOutput: onOutput, onExit: onExit)
        try supervisor.start()
        processID = child.pid
        executable = name
    }

    deinit {
        supervisor.input.requestClose()
    }

    /// Queues `bytes` for the child's standard input; returns at once.
    ///
    /// - Throws: ``SubprocessError`` `.io` when the input was closed with ``closeInput()``, or the
    ///   child closed it or exited.
    public func write(_ bytes: [UInt8]) throws(SubprocessError) {
        try supervisor.input.enqueue(bytes)
    }

    /// Closes the child's standard input once what was queued is written, so that it reads end of
    /// file. Later writes throw.
    public func closeInput() {
        supervisor.input.requestClose()
    }

    /// Sends the child's process group SIGTERM, and SIGKILL after the grace period unless it exited
    /// by then. Does nothing once the child has exited.
    public func stop() {
        supervisor.wake.post(.cancelRequested)
    }

    /// Whether the child has exited and been reaped (all its output delivered).
    public var hasExited: Bool { supervisor.outcome != nil }

    /// Waits until the child has exited and been reaped, every output line and `onExit` delivered.
    ///
    /// - Returns: How the child ended; ``SubprocessResult/wasCancelled`` is true when ``stop()`` ended it.
    /// - Throws: ``SubprocessError`` when the runner lost track of the child.
    public func waitForExit() async throws -> SubprocessResult {
        try await supervisor.waitForExit()
    }
}

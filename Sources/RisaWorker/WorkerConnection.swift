import RisaCore
import RisaProcess

/// One run of a worker process: starts it, sends requests and waits for their answers.
///
/// The process's output callbacks hold only the ``WorkerConnectionCore``, never the connection, so
/// dropping the connection drops the process, whose input is then closed: the worker reads end of
/// file and exits.
final class WorkerConnection: Sendable {
    let process: InteractiveProcess
    let core: WorkerConnectionCore
    private let configuration: WorkerConfiguration

    /// Starts the worker.
    ///
    /// - Throws: ``WorkerError`` `.startFailed` when the command cannot be started.
    init(configuration: WorkerConfiguration) throws(WorkerError) {
        guard let program = configuration.command.first, !program.isEmpty else {
            throw WorkerError(
                code: .startFailed, message: "the worker command is empty: give the program and its arguments",
                command: "")
        }
        let core = WorkerConnectionCore(configuration: configuration)
        let command = Subprocess(
            executable: program, arguments: Array(configuration.command.dropFirst()),
            environment: configuration.environment, workingDirectory: configuration.workingDirectory,
            killGracePeriod: configuration.shutdownGracePeriod)
        let started: InteractiveProcess
        do {
            started = try InteractiveProcess(command, onOutput: { core.received($0) }, onExit: { core.exited($0) })
        } catch {
            throw WorkerError(
                code: .startFailed, message: "cannot start worker '\(configuration.commandLine)': \(error)",
                command: configuration.commandLine)
        }
        core.attach(started)
        process = started
        self.core = core
        self.configuration = configuration
    }

    /// Waits for the handshake, at most the configured handshake timeout.
    func handshake() async throws -> WorkerModelInfo {
        try await withTimeout(configuration.handshakeTimeout) {
            try await self.core.waitForHandshake()
        } onTimeout: {
            self.process.stop()
            return WorkerError(
                code: .handshakeFailed,
                message: "worker '\(self.configuration.commandLine)' sent no handshake within "
                    + "\(self.configuration.handshakeTimeout); stopped it",
                command: self.configuration.commandLine, stderrTail: self.core.stderrTail)
        }
    }

    /// Sends a request and waits for its answer, at most the configured request timeout.
    ///
    /// - Returns: The response object of a successful answer.
    /// - Throws: ``WorkerError`` (the worker's error for this item, a crash, a timeout), or
    ///   `CancellationError` when the calling task is cancelled.
    func request(_ fields: [String: Value], itemPath: String?) async throws -> [String: Value] {
        let id = core.nextID()
        let line = WorkerProtocol.requestLine(id: id, fields)
        guard let timeout = configuration.requestTimeout else { return try await send(id, line, itemPath) }
        return try await withTimeout(timeout) {
            try await self.send(id, line, itemPath)
        } onTimeout: {
            WorkerError(
                code: .timedOut,
                message: "worker '\(self.configuration.commandLine)' did not answer within \(timeout)"
                    + (itemPath.map { " for \($0)" } ?? ""),
                command: self.configuration.commandLine, itemPath: itemPath)
        }
    }

    private func send(_ id: Int, _ line: [UInt8], _ itemPath: String?) async throws -> [String: Value] {
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                guard core.register(id, itemPath: itemPath, continuation) else { return }
                if Task.isCancelled {
                    core.fail(id, with: CancellationError())
                    return
                }
                // A write fails only once the input is closed: the worker is exiting or being shut
                // down, and its exit fails this request with the reason.
                try? process.write(line)
            }
        } onCancel: {
            core.fail(id, with: CancellationError())
        }
    }

    /// Runs `body`, or fails with `onTimeout()` when it takes longer than `limit` (`body` is then
    /// cancelled, which must make it return).
    private func withTimeout<Result: Sendable>(
        _ limit: Duration, _ body: @escaping @Sendable () async throws -> Result,
        onTimeout: @escaping @Sendable () -> WorkerError
    ) async throws -> Result {
        try await withThrowingTaskGroup(of: Result?.self) { group in
            group.addTask { try await body() }
            group.addTask {
                try? await Task.sleep(for: limit)
                return nil
            }
            defer { group.cancelAll() }
            if let first = try await group.next(), let result = first { return result }
            try Task.checkCancellation()
            throw onTimeout()
        }
    }
}

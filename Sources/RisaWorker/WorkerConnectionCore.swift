import RisaCore
import RisaProcess
import Synchronization

/// The bookkeeping of one running worker: its handshake, the requests waiting for an answer, and
/// its last standard error lines. The runner's thread feeds it the worker's lines and its exit;
/// callers register requests. Continuations are resumed outside the lock.
final class WorkerConnectionCore: Sendable {
    private struct Pending {
        var continuation: CheckedContinuation<[String: Value], any Error>
        var itemPath: String?
    }

    private struct State {
        var handshake: Result<WorkerModelInfo, WorkerError>?
        var handshakeWaiters: [CheckedContinuation<WorkerModelInfo, any Error>] = []
        var pending: [Int: Pending] = [:]
        var nextID = 1
        var stderrTail: [String] = []
        /// Why no more requests are taken, once the worker ended or was asked to.
        var ended: WorkerError?
        var shuttingDown = false
        weak var process: InteractiveProcess?
        var processID: Int32 = 0
    }

    private let configuration: WorkerConfiguration
    private let state = Mutex(State())

    init(configuration: WorkerConfiguration) {
        self.configuration = configuration
    }

    /// Gives the core the process, so that it can stop a worker that breaks the protocol.
    func attach(_ process: InteractiveProcess) {
        let refused = state.withLock { state in
            state.process = process
            state.processID = process.processID
            return state.ended?.code == .handshakeFailed
        }
        // A worker that broke the protocol before this call was not stopped yet.
        if refused { process.stop() }
    }

    /// A fresh request id.
    func nextID() -> Int {
        state.withLock { state in
            defer { state.nextID += 1 }
            return state.nextID
        }
    }

    /// Whether the worker has ended (exited, or refused for breaking the protocol).
    var hasEnded: Bool { state.withLock { $0.ended != nil } }

    /// Why the worker ended, once it did.
    var endReason: WorkerError? { state.withLock { $0.ended } }

    /// The handshake, once it arrived.
    var handshake: WorkerModelInfo? { state.withLock { try? $0.handshake?.get() } }

    /// Records a request waiting for its answer; `false` (and `continuation` resumed with the
    /// reason) when the worker no longer takes requests.
    func register(
        _ id: Int, itemPath: String?, _ continuation: CheckedContinuation<[String: Value], any Error>
    ) -> Bool {
        let refusal: WorkerError? = state.withLock { state in
            if let ended = state.ended { return Self.about(ended, itemPath) }
            state.pending[id] = Pending(continuation: continuation, itemPath: itemPath)
            return nil
        }
        if let refusal { continuation.resume(throwing: refusal) }
        return refusal == nil
    }

    /// Fails request `id` with `error`, if it is still waiting (cancellation, timeout, write failure).
    func fail(_ id: Int, with error: any Error) {
        let pending = state.withLock { $0.pending.removeValue(forKey: id) }
        pending?.continuation.resume(throwing: error)
    }

    /// Waits for the handshake.
    func waitForHandshake() async throws -> WorkerModelInfo {
        try await withCheckedThrowingContinuation { continuation in
            let known = state.withLock { state in
                if state.handshake == nil { state.handshakeWaiters.append(continuation) }
                return state.handshake
            }
            if let known { continuation.resume(with: known.mapError { $0 as any Error }) }
        }
    }

    /// The client is shutting the worker down: its exit is expected.
    func beginShutdown() {
        state.withLock { $0.shuttingDown = true }
    }

    /// The worker's last standard error lines.
    var stderrTail: [String] { state.withLock { $0.stderrTail } }

    /// Handles one line of the worker's output (runner thread).
    func received(_ line: SubprocessOutputLine) {
        switch line.stream {
        case .stderr:
            state.withLock { state in
                state.stderrTail.append(line.text)
                if state.stderrTail.count > configuration.stderrTailLength { state.stderrTail.removeFirst() }
            }
            configuration.log(line.text)
        case .stdout:
            if handshake == nil, !hasEnded {
                receivedHandshake(line.text)
            } else {
                receivedResponse(line.text)
            }
        }
    }

    private func receivedHandshake(_ text: String) {
        let outcome: Result<WorkerModelInfo, WorkerError>
        do {
            let value = try CanonicalJSON.parse(text)
            outcome = .success(try WorkerModelInfo(handshake: value))
        } catch let problem as WorkerModelInfo.HandshakeProblem {
            outcome = .failure(handshakeError(problem.message))
        } catch {
            outcome = .failure(handshakeError("its first line is not JSON: \(text.prefix(200).debugDescription)"))
        }
        let (waiters, pending, process) = state.withLock { state in
            state.handshake = outcome
            defer { state.handshakeWaiters = [] }
            guard case .failure(let error) = outcome else {
                return (state.handshakeWaiters, [Pending](), nil as InteractiveProcess?)
            }
            state.ended = error
            defer { state.pending = [:] }
            return (state.handshakeWaiters, Array(state.pending.values), state.process)
        }
        for waiter in waiters { waiter.resume(with: outcome.mapError { $0 as any Error }) }
        if case .failure(let error) = outcome {
            for request in pending { request.continuation.resume(throwing: Self.about(error, request.itemPath)) }
            process?.stop()
        }
    }

    private func handshakeError(_ problem: String) -> WorkerError {
        WorkerError(
            code: .handshakeFailed,
            message: "worker '\(configuration.commandLine)' is not a Risa worker of protocol "
                + "\(WorkerProtocol.version): \(problem); stopped it",
            command: configuration.commandLine, stderrTail: stderrTail)
    }

    private func receivedResponse(_ text: String) {
        switch WorkerProtocol.response(text) {
        case nil:
            configuration.log("worker stdout (not a protocol line, ignored): \(text.prefix(300))")
        case .success(let id, let fields):
            let pending = state.withLock { $0.pending.removeValue(forKey: id) }
            pending?.continuation.resume(returning: fields)
        case .failure(nil, let code, let message):
            configuration.log("worker error for no request (\(code)): \(message)")
        case .failure(let id?, let code, let message):
            guard let pending = state.withLock({ $0.pending.removeValue(forKey: id) }) else { return }
            let subject = pending.itemPath.map { " on \($0)" } ?? ""
            pending.continuation.resume(
                throwing: WorkerError(
                    code: .itemFailed, message: "worker '\(configuration.commandLine)' failed\(subject): \(message)",
                    command: configuration.commandLine, itemPath: pending.itemPath, workerCode: code))
        }
    }

    /// Fails everything still waiting once the worker has exited (runner thread).
    func exited(_ outcome: Result<SubprocessResult, SubprocessError>) {
        let (waiters, pending, error) = state.withLock { state in
            let how: String
            switch outcome {
            case .success(let result):
                how = result.wasCancelled ? "was stopped (\(result.termination))" : "exited (\(result.termination))"
            case .failure(let failure): how = "was lost: \(failure)"
            }
            let command = configuration.commandLine
            let error: WorkerError
            if let ended = state.ended {
                error = ended
            } else if state.shuttingDown {
                error = WorkerError(
                    code: .shutDown, message: "worker '\(command)' was shut down", command: command)
            } else if state.handshake == nil {
                error = WorkerError(
                    code: .startFailed,
                    message: "worker '\(command)' \(how) before its handshake; see its standard error",
                    command: command, stderrTail: state.stderrTail)
            } else {
                error = WorkerError(
                    code: .crashed,
                    message: "worker '\(command)' (pid \(state.processID)) \(how) with \(state.pending.count) "
                        + "request(s) unanswered; the next request starts it again",
                    command: command, stderrTail: state.stderrTail)
            }
            state.ended = error
            if state.handshake == nil { state.handshake = .failure(error) }
            defer {
                state.handshakeWaiters = []
                state.pending = [:]
            }
            return (state.handshakeWaiters, Array(state.pending.values), error)
        }
        for waiter in waiters { waiter.resume(throwing: error) }
        for request in pending { request.continuation.resume(throwing: Self.about(error, request.itemPath)) }
    }

    /// `error` about the request on `itemPath`.
    private static func about(_ error: WorkerError, _ itemPath: String?) -> WorkerError {
        var error = error
        if let itemPath, error.itemPath == nil {
            error.itemPath = itemPath
            error.message += " (while tagging \(itemPath))"
        }
        return error
    }
}

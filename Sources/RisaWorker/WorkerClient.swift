import RisaCore
import RisaProcess

/// A client of one persistent worker process speaking Risa's JSON-lines protocol: a WD14 tagger,
/// or any tagger or captioner that speaks it (workers/PROTOCOL.md).
///
/// The worker starts at the first request (or ``start()``). Any number of tasks may call
/// ``tag(imagePath:options:)`` at once: each request is written at once with its own id and the
/// answers are matched by id, so the worker sees them together and batches them. A failure of
/// one image fails that call only. When the worker crashes, the requests it had fail with
/// ``WorkerError/Code/crashed`` (its exit status and last standard error lines included), and the
/// next request starts it again, at most ``WorkerConfiguration/maximumRestarts`` times.
///
/// ```swift
/// let client = WorkerClient(.wd14Tagger(
///     python: WorkerConfiguration.defaultPython(), script: "workers/wd14_tagger.py",
///     modelDirectory: "models/wd14"))
/// let model = try await client.start()
/// let result = try await client.tag(imagePath: "frames/0001.png", options: TagOptions(maxTags: 30))
/// print(model.digest, result.rating?.name ?? "-", result.tags.map(\.name))
/// await client.shutdown()
/// ```
public actor WorkerClient {
    /// How the worker is started and waited for.
    public nonisolated let configuration: WorkerConfiguration
    private var connection: WorkerConnection?
    private var restarts = 0
    private var lastCrash: WorkerError?
    private var isShutDown = false

    /// Creates a client; the worker starts at the first request.
    ///
    /// - Parameter configuration: How to start the worker.
    public init(_ configuration: WorkerConfiguration) {
        self.configuration = configuration
    }

    /// Starts the worker if it is not running and waits for its handshake.
    ///
    /// - Returns: The model the worker announced.
    /// - Throws: ``WorkerError``: `.startFailed`, `.handshakeFailed`, `.restartLimitReached`, `.shutDown`.
    public func start() async throws -> WorkerModelInfo {
        try await running().handshake()
    }

    /// The model of the running worker, once its handshake arrived.
    public var modelInfo: WorkerModelInfo? { connection?.core.handshake }

    /// The pid of the running worker (also its process group id), if one runs.
    public var processID: Int32? {
        guard let connection, !connection.core.hasEnded else { return nil }
        return connection.process.processID
    }

    /// Tags one image.
    ///
    /// - Parameters:
    ///   - imagePath: The image's path, as the worker will open it (absolute is safest).
    ///   - options: Thresholds and tag limit; `nil` settings take the worker's defaults.
    /// - Returns: The tags, the rating and, from a captioner, the caption.
    /// - Throws: ``WorkerError``: `.itemFailed` (the worker's code in ``WorkerError/workerCode``)
    ///   when this image failed, `.crashed`, `.timedOut`, `.startFailed`, `.handshakeFailed`,
    ///   `.restartLimitReached`, `.shutDown`, `.protocolViolation`; `CancellationError`.
    public func tag(imagePath: String, options: TagOptions = TagOptions()) async throws -> WorkerResult {
        let connection = try running()
        let response = try await connection.request(
            WorkerProtocol.tagRequest(imagePath: imagePath, options: options), itemPath: imagePath)
        guard let result = response["result"],
            let parsed = WorkerResult(result: result, batchSize: response["batch"]?.intValue ?? 1)
        else {
            throw WorkerError(
                code: .protocolViolation,
                message: "worker '\(configuration.commandLine)' answered \(imagePath) without a valid \"result\" "
                    + "(tags need name, category and score)",
                command: configuration.commandLine, itemPath: imagePath)
        }
        return parsed
    }

    /// The worker's statistics (`images`, `batches`, `model_seconds`, `outside_model_share`, ...),
    /// answered after the requests sent before it.
    ///
    /// - Throws: ``WorkerError`` as ``tag(imagePath:options:)`` does.
    public func stats() async throws -> [String: Value] {
        let response = try await running().request(WorkerProtocol.statsRequest, itemPath: nil)
        return response["stats"]?.mapValue ?? [:]
    }

    /// Stops the worker: closes its input so that it finishes what it was sent and exits, waits
    /// ``WorkerConfiguration/shutdownGracePeriod``, then sends its group SIGTERM and, after the
    /// same period, SIGKILL. Later requests throw ``WorkerError/Code/shutDown``.
    public func shutdown() async {
        isShutDown = true
        guard let connection else { return }
        self.connection = nil
        connection.core.beginShutdown()
        connection.process.closeInput()
        let process = connection.process
        let grace = configuration.shutdownGracePeriod
        await withTaskGroup(of: Bool.self) { group in
            group.addTask {
                _ = try? await process.waitForExit()
                return true
            }
            group.addTask {
                try? await Task.sleep(for: grace)
                return false
            }
            if await group.next() == false { process.stop() }
            group.cancelAll()
        }
    }

    /// The running worker, started (again) when there is none or it ended.
    private func running() throws -> WorkerConnection {
        let command = configuration.commandLine
        if isShutDown {
            throw WorkerError(code: .shutDown, message: "worker '\(command)' was shut down", command: command)
        }
        if let connection, !connection.core.hasEnded { return connection }
        if let connection {
            lastCrash = connection.core.endReason
            restarts += 1
            guard restarts <= configuration.maximumRestarts else {
                restarts -= 1
                throw WorkerError(
                    code: .restartLimitReached,
                    message: "worker '\(command)' ended \(restarts + 1) times; not starting it again (restart "
                        + "limit \(configuration.maximumRestarts)). Last: \(lastCrash?.message ?? "unknown")",
                    command: command, stderrTail: lastCrash?.stderrTail ?? [])
            }
        }
        let started = try WorkerConnection(configuration: configuration)
        connection = started
        return started
    }
}

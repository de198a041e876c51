import Foundation
import RisaCore

/// How to start a worker and how long to wait for it.
///
/// ```swift
/// let configuration = WorkerConfiguration.wd14Tagger(
///     python: WorkerConfiguration.defaultPython(), script: "workers/wd14_tagger.py",
///     modelDirectory: "models/wd-v1-4-moat-tagger-v2")
/// let client = WorkerClient(configuration)
/// ```
public struct WorkerConfiguration: Sendable {
    /// The program and its arguments; the program is a path or a name looked up in `PATH`.
    public var command: [String]
    /// The worker's whole environment (by default this process's).
    public var environment: [String: String]
    /// The directory the worker starts in; this process's when `nil`.
    public var workingDirectory: String?
    /// How long a request may wait for its answer; no limit when `nil`.
    public var requestTimeout: Duration?
    /// How long the worker may take to send its handshake (loading a model takes a while).
    public var handshakeTimeout: Duration
    /// How often the worker is started again after it crashed, over the client's life.
    public var maximumRestarts: Int
    /// How long ``WorkerClient/shutdown()`` waits for the worker to exit after closing its input,
    /// and then after SIGTERM, before SIGKILL.
    public var shutdownGracePeriod: Duration
    /// How many of the worker's last standard error lines an error carries.
    public var stderrTailLength: Int
    /// Receives each line the worker writes to standard error, and notes about stray output.
    public var log: @Sendable (String) -> Void

    /// Creates a configuration.
    ///
    /// - Parameters:
    ///   - command: The program and its arguments (an empty one fails at start).
    ///   - environment: The worker's whole environment; this process's when `nil`.
    ///   - workingDirectory: The directory the worker starts in.
    ///   - requestTimeout: How long a request may wait for its answer.
    ///   - handshakeTimeout: How long the worker may take to start.
    ///   - maximumRestarts: How often a crashed worker is started again.
    ///   - shutdownGracePeriod: How long shutting down waits before signalling.
    ///   - stderrTailLength: How many standard error lines an error carries.
    ///   - log: Receives the worker's standard error lines.
    public init(
        command: [String], environment: [String: String]? = nil, workingDirectory: String? = nil,
        requestTimeout: Duration? = .seconds(600), handshakeTimeout: Duration = .seconds(300),
        maximumRestarts: Int = 3, shutdownGracePeriod: Duration = .seconds(5), stderrTailLength: Int = 20,
        log: @escaping @Sendable (String) -> Void = { _ in }
    ) {
        self.command = command
        self.environment = environment ?? ProcessInfo.processInfo.environment
        self.workingDirectory = workingDirectory
        self.requestTimeout = requestTimeout
        self.handshakeTimeout = handshakeTimeout
        self.maximumRestarts = maximumRestarts
        self.shutdownGracePeriod = shutdownGracePeriod
        self.stderrTailLength = stderrTailLength
        self.log = log
    }

    /// The WD14 tagger worker (`workers/wd14_tagger.py`) on the model in `modelDirectory`
    /// (`model.onnx` and `selected_tags.csv`).
    ///
    /// - Parameters:
    ///   - python: The Python of the workers' virtual environment (``defaultPython(environment:)``).
    ///   - script: The path of `wd14_tagger.py`.
    ///   - modelDirectory: The folder of the model.
    ///   - batchSize: The most images run through the model at once.
    ///   - arguments: More arguments for the script (`--threads 2`, `--general-threshold 0.3`).
    public static func wd14Tagger(
        python: String, script: String, modelDirectory: String, batchSize: Int = 8, arguments: [String] = []
    ) -> WorkerConfiguration {
        WorkerConfiguration(
            command: [python, script, "--model-dir", modelDirectory, "--batch-size", String(batchSize)] + arguments)
    }

    /// The Python of the workers' virtual environment that `scripts/setup.sh` makes:
    /// `$RISA_VENV/bin/python`, by default `$HOME/.local/share/risa/venv/bin/python`.
    public static func defaultPython(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        let venv =
            environment["RISA_VENV"].flatMap { $0.isEmpty ? nil : $0 }
            ?? (environment["HOME"] ?? NSHomeDirectory()) + "/.local/share/risa/venv"
        return venv + "/bin/python"
    }

    /// The command as one line, for messages.
    var commandLine: String { command.joined(separator: " ") }
}

/// Why a worker could not answer a request: it could not start, broke the protocol, crashed, timed
/// out, or failed on the one item.
public struct WorkerError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of failure this is.
    public enum Code: String, Sendable, Hashable {
        /// The command could not be started, or the worker exited before its handshake.
        case startFailed
        /// The worker's first line was not a handshake this client understands.
        case handshakeFailed
        /// The worker exited or was killed while the request was pending.
        case crashed
        /// The worker answered this request with an error (see ``WorkerError/workerCode``); it
        /// goes on serving others.
        case itemFailed
        /// No answer came within the request timeout.
        case timedOut
        /// The worker sent something the protocol does not allow.
        case protocolViolation
        /// The worker crashed more often than the configured number of restarts.
        case restartLimitReached
        /// The client was shut down.
        case shutDown
    }

    /// What kind of failure this is.
    public var code: Code
    /// What went wrong and what to do about it, naming the worker and the item.
    public var message: String
    /// The worker's command line, for messages.
    public var command: String
    /// The image the request was about, when there was one.
    public var itemPath: String?
    /// The worker's own error code for an ``Code/itemFailed`` request (for example
    /// `image_not_found`, `image_unreadable`, `bad_request`, `model_failed`).
    public var workerCode: String?
    /// The worker's last lines of standard error, oldest first, for a failure of the process.
    public var stderrTail: [String]

    /// Creates an error.
    ///
    /// - Parameters:
    ///   - code: What kind of failure this is.
    ///   - message: What went wrong and what to do about it.
    ///   - command: The worker's command line.
    ///   - itemPath: The image the request was about.
    ///   - workerCode: The worker's own error code.
    ///   - stderrTail: The worker's last lines of standard error.
    public init(
        code: Code, message: String, command: String, itemPath: String? = nil, workerCode: String? = nil,
        stderrTail: [String] = []
    ) {
        self.code = code
        self.message = message
        self.command = command
        self.itemPath = itemPath
        self.workerCode = workerCode
        self.stderrTail = stderrTail
    }

    /// The message, followed by the worker's last lines of standard error when there are any.
    public var description: String {
        guard !stderrTail.isEmpty else { return message }
        return message + "\nlast lines of the worker's standard error:\n"
            + stderrTail.map { "  " + $0 }
            .joined(separator: "\n")
    }
}

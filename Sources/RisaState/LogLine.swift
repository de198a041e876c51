/// One line a step wrote to its standard output or error.
public struct LogLine: Hashable, Sendable {
    /// The run.
    public var runID: RunID
    /// The step that wrote it.
    public var stepID: String
    /// The stream it came from.
    public var stream: LogStream
    /// Its position among all log lines of the run, from 1: the order lines were appended in, across
    /// steps and streams.
    public var sequence: Int
    /// The line, without its line break.
    public var text: String

    /// Creates a log line.
    public init(runID: RunID, stepID: String, stream: LogStream, sequence: Int, text: String) {
        self.runID = runID
        self.stepID = stepID
        self.stream = stream
        self.sequence = sequence
        self.text = text
    }
}

/// Which output stream of a step a log line came from.
public enum LogStream: String, Sendable, CaseIterable {
    /// Standard output.
    case stdout
    /// Standard error.
    case stderr
}

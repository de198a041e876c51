/// One line a child process wrote, without its line terminator.
///
/// Lines end at `\n` (a `\r` before it is dropped too); a last line without a newline is delivered
/// when the stream closes. Bytes that are not valid UTF-8 become U+FFFD. A line longer than
/// ``maximumByteCount`` bytes arrives in pieces of at most that size, cut between characters.
public struct SubprocessOutputLine: Sendable, Hashable {
    /// Which of the child's output streams a line came from.
    public enum Stream: Sendable, Hashable {
        /// Standard output (file descriptor 1).
        case stdout
        /// Standard error (file descriptor 2).
        case stderr
    }

    /// The longest line, in UTF-8 bytes, delivered in one piece (64 KiB).
    public static let maximumByteCount = 64 * 1024

    /// The stream the line was written to.
    public var stream: Stream
    /// The line's text, without its terminator.
    public var text: String

    /// Creates a line of output.
    ///
    /// - Parameters:
    ///   - stream: The stream the line was written to.
    ///   - text: The line's text, without its terminator.
    public init(stream: Stream, text: String) {
        self.stream = stream
        self.text = text
    }
}

import Synchronization

/// A finished child process together with everything it wrote.
public struct SubprocessCapture: Sendable, Hashable {
    /// How the child ended.
    public var result: SubprocessResult
    /// Every line of output, in the order the runner read it.
    public var lines: [SubprocessOutputLine]

    /// Creates a capture.
    ///
    /// - Parameters:
    ///   - result: How the child ended.
    ///   - lines: Its output lines, in the order they were read.
    public init(result: SubprocessResult, lines: [SubprocessOutputLine]) {
        self.result = result
        self.lines = lines
    }

    /// The lines written to standard output, in order.
    public var stdout: [String] { lines.filter { $0.stream == .stdout }.map(\.text) }

    /// The lines written to standard error, in order.
    public var stderr: [String] { lines.filter { $0.stream == .stderr }.map(\.text) }
}

extension Subprocess {
    /// Runs the child to completion and keeps all of its output in memory.
    ///
    /// Meant for tools whose output is small and wanted whole (a version string, a JSON report);
    /// use ``run(onOutput:)`` to stream the output of long or chatty children.
    ///
    /// - Returns: How the child ended and every line it wrote.
    /// - Throws: As ``run(onOutput:)``.
    public func runCapturingOutput() async throws -> SubprocessCapture {
        let collector = LineCollector()
        let result = try await run { line in collector.lines.withLock { $0.append(line) } }
        return SubprocessCapture(result: result, lines: collector.lines.withLock { $0 })
    }
}

/// Holds the lines in a class because an escaping closure cannot capture a `Mutex` itself.
private final class LineCollector: Sendable {
    let lines = Mutex<[SubprocessOutputLine]>([])
}

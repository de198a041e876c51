import Foundation
import RisaProcess
import Synchronization
import Testing

/// Runs helper programs (Python) from tests through RisaProcess, which enters no directory in this
/// process (Foundation's `Process` may change the shared working directory while it spawns, which
/// other tests of the process read).
enum ChildProcess {
    /// Runs `executable` with `arguments` and returns its standard output lines joined by newlines
    /// (with a final newline); the test fails naming the command when it does not exit with 0.
    static func output(_ executable: String, _ arguments: [String]) async throws -> String {
        let lines = LineCollector()
        let result = try await Subprocess(
            executable: executable, arguments: arguments, environment: ProcessInfo.processInfo.environment
        ).run { line in lines.add(line) }
        try #require(
            result.succeeded,
            "\(executable) \(arguments.joined(separator: " ")) failed: \(lines.errors.joined(separator: "\n"))")
        return lines.output.map { $0 + "\n" }.joined()
    }

    private final class LineCollector: Sendable {
        private let lines = Mutex<(output: [String], errors: [String])>(([], []))

        func add(_ line: SubprocessOutputLine) {
            lines.withLock { line.stream == .stdout ? $0.output.append(line.text) : $0.errors.append(line.text) }
        }

        var output: [String] { lines.withLock { $0.output } }
        var errors: [String] { lines.withLock { $0.errors } }
    }
}

import Foundation
import Glibc
import Testing

@testable import RisaProcess

extension SubprocessSuite {
    @Suite("A long-lived child fed through its standard input")
    struct InteractiveProcessTests {
        /// Lines arriving from a child, awaited one at a time without sleeping.
        final class LineFeed: Sendable {
            let stream: AsyncStream<SubprocessOutputLine>
            let continuation: AsyncStream<SubprocessOutputLine>.Continuation

            init() {
                (stream, continuation) = AsyncStream.makeStream()
            }
        }

        @Test("echoes what it is sent, line by line, and reads end of file when the input closes")
        func echoesUntilEndOfFile() async throws {
            let feed = LineFeed()
            let child = try InteractiveProcess(
                shell("while read -r line; do echo \"got $line\"; done; echo bye >&2"),
                onOutput: { feed.continuation.yield($0) }, onExit: { _ in feed.continuation.finish() })
            var lines = feed.stream.makeAsyncIterator()
            try child.write(Array("one\n".utf8))
            #expect(await lines.next() == SubprocessOutputLine(stream: .stdout, text: "got one"))
            try child.write(Array("two\nthree\n".utf8))
            #expect(await lines.next()?.text == "got two")
            #expect(await lines.next()?.text == "got three")
            child.closeInput()
            #expect(await lines.next() == SubprocessOutputLine(stream: .stderr, text: "bye"))
            let result = try await child.waitForExit()
            #expect(result.succeeded)
            #expect(child.hasExited)
            #expect(throws: SubprocessError.self) { try child.write(Array("late\n".utf8)) }
        }

        @Test("takes more input than a pipe holds from a child that reads slowly, without blocking the writer")
        func queuesLargeInput() async throws {
            let child = try InteractiveProcess(shell("sleep 0.1; wc -c"), onOutput: { _ in })
            let chunk = [UInt8](repeating: 0x61, count: 256 * 1024)
            try child.write(chunk)
            try child.write(chunk)
            child.closeInput()
            #expect(try await child.waitForExit().succeeded)
        }

        @Test("stop() ends a child that ignores its input, SIGKILL after the grace period")
        func stopsAChildThatIgnoresEndOfFile() async throws {
            let feed = LineFeed()
            let child = try InteractiveProcess(
                shell("trap '' TERM; echo ready; while :; do sleep 1; done", killGracePeriod: .milliseconds(100)),
                onOutput: { feed.continuation.yield($0) })
            var lines = feed.stream.makeAsyncIterator()
            // Signals sent before the trap is set would end the shell at once.
            #expect(await lines.next()?.text == "ready")
            child.closeInput()
            child.stop()
            let result = try await child.waitForExit()
            #expect(result.termination == .signaled(signal: SIGKILL))
            #expect(result.wasCancelled)
            #expect(try await waitUntilGone(child.processID))
        }

        @Test("a write to a child that exited throws instead of raising SIGPIPE")
        func writeAfterExitThrows() async throws {
            let child = try InteractiveProcess(shell("exec 0<&-; exit 3"), onOutput: { _ in })
            let result = try await child.waitForExit()
            #expect(result.termination == .exited(code: 3))
            #expect(throws: SubprocessError.self) { try child.write(Array("x\n".utf8)) }
        }
    }
}

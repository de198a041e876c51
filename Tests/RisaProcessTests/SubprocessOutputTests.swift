import Synchronization
import Testing

@testable import RisaProcess

extension SubprocessSuite {
    @Suite("Output delivered line by line")
    struct OutputTests {
        @Test("standard output and error arrive separately, each in order")
        func separateStreams() async throws {
            let capture = try await shell("echo o1; echo e1 >&2; echo o2; echo e2 >&2; echo o3").runCapturingOutput()
            #expect(capture.stdout == ["o1", "o2", "o3"])
            #expect(capture.stderr == ["e1", "e2"])
            #expect(capture.result.succeeded)
        }

        @Test("a last line without a newline is delivered at exit, on both streams")
        func partialLastLine() async throws {
            let capture = try await shell("printf 'a\\nb'; printf 'x\\ny' >&2").runCapturingOutput()
            #expect(capture.stdout == ["a", "b"])
            #expect(capture.stderr == ["x", "y"])
        }

        @Test("empty lines are kept and CRLF endings lose their CR")
        func emptyLinesAndCRLF() async throws {
            let capture = try await shell("printf 'a\\n\\nb\\r\\n'").runCapturingOutput()
            #expect(capture.stdout == ["a", "", "b"])
        }

        @Test("invalid UTF-8 is replaced, not dropped")
        func invalidUTF8() async throws {
            let capture = try await shell("printf '\\377ok\\n'").runCapturingOutput()
            #expect(capture.stdout == ["\u{FFFD}ok"])
        }

        @Test("a line longer than 64 KiB arrives in pieces of 64 KiB")
        func longLine() async throws {
            let capture = try await shell("head -c 200000 /dev/zero | tr '\\0' x").runCapturingOutput()
            let limit = SubprocessOutputLine.maximumByteCount
            #expect(capture.stdout.map(\.utf8.count) == [limit, limit, limit, 200_000 - 3 * limit])
            #expect(capture.stdout.allSatisfy { $0.allSatisfy { $0 == "x" } })
        }

        @Test("5 MB on each stream at once are read without deadlock")
        func largeInterleavedOutput() async throws {
            // "out-line\n" is 9 bytes: 4,999,995 bytes are 555,555 lines. Both writers run at once,
            // so either pipe can fill while the other is being written.
            let script = "yes out-line | head -c 4999995 & yes err-line | head -c 4999995 >&2; wait"
            let counts = LineCounts()
            let result = try await shell(script, timeout: .seconds(60)).run { line in
                counts.record(line)
            }
            #expect(result.succeeded)
            #expect(counts.snapshot() == LineCounts.Snapshot(stdout: 555_555, stderr: 555_555, unexpected: 0))
        }
    }
}

/// Counts lines per stream without keeping them (a million strings would slow the test).
private final class LineCounts: Sendable {
    struct Snapshot: Equatable {
        var stdout = 0
        var stderr = 0
        var unexpected = 0
    }

    private let state = Mutex(Snapshot())

    func record(_ line: SubprocessOutputLine) {
        state.withLock { counts in
            switch (line.stream, line.text) {
            case (.stdout, "out-line"): counts.stdout += 1
            case (.stderr, "err-line"): counts.stderr += 1
            default: counts.unexpected += 1
            }
        }
    }

    func snapshot() -> Snapshot { state.withLock { $0 } }
}

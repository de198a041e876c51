import Glibc
import Testing

@testable import RisaProcess

extension SubprocessSuite {
    @Suite("What the child inherits")
    struct IsolationTests {
        @Test("standard input is /dev/null, so a reader of it ends at once")
        func standardInputIsEmpty() async throws {
            let capture = try await Subprocess(executable: "/bin/cat", timeout: .seconds(5)).runCapturingOutput()
            #expect(capture.result.succeeded)
            #expect(capture.lines.isEmpty)
        }

        @Test("the child leads a process group of its own")
        func ownProcessGroup() async throws {
            // Field 5 of /proc/PID/stat is the process group id.
            let capture = try await shell("echo $$; cut -d ' ' -f 5 /proc/$$/stat").runCapturingOutput()
            #expect(capture.stdout.count == 2)
            #expect(capture.stdout.first == capture.stdout.last)
            #expect(capture.stdout.first != String(getpgrp()))
        }

        @Test("signals ignored in the parent are reset and none are blocked in the child")
        func cleanSignalState() async throws {
            let previous = signal(SIGPIPE, SIG_IGN)
            defer { signal(SIGPIPE, previous) }
            let child = Subprocess(executable: "/bin/grep", arguments: ["-E", "^Sig(Ign|Blk):", "/proc/self/status"])
            let capture = try await child.runCapturingOutput()
            #expect(capture.stdout == ["SigBlk:\t0000000000000000", "SigIgn:\t0000000000000000"])
        }

        @Test("descriptors the parent opened without close-on-exec are not inherited")
        func noInheritedDescriptors() async throws {
            let stray = open("/dev/null", O_RDONLY)  // deliberately without O_CLOEXEC
            #expect(stray > 2)
            defer { close(stray) }
            let child = Subprocess(executable: "/bin/ls", arguments: ["/proc/self/fd"])
            let capture = try await child.runCapturingOutput()
            // 0, 1, 2, and 3: the descriptor ls opened to list the directory.
            #expect(capture.stdout == ["0", "1", "2", "3"])
        }
    }
}

import Foundation
import Glibc
import Testing

@testable import RisaProcess

extension SubprocessSuite {
    @Suite("Children that cannot be started")
    struct ErrorTests {
        @Test("an executable missing from PATH is reported by name")
        func notInPath() async throws {
            let error = await #expect(throws: SubprocessError.self) {
                try await Subprocess(executable: "risa-no-such-tool", environment: testEnvironment).run { _ in }
            }
            #expect(error?.code == .executableNotFound)
            #expect(error?.executable == "risa-no-such-tool")
            #expect(error?.description.contains("'risa-no-such-tool'") == true)
            #expect(error?.description.contains("/usr/bin:/bin") == true)
        }

        @Test("a missing executable path is reported by name")
        func missingPath() async throws {
            let error = await #expect(throws: SubprocessError.self) {
                try await Subprocess(executable: "/nonexistent/risa-tool").run { _ in }
            }
            #expect(error?.code == .executableNotFound)
            #expect(error?.errno == ENOENT)
            #expect(error?.message.contains("/nonexistent/risa-tool") == true)
        }

        @Test("a script whose #! interpreter is missing is reported as not found")
        func missingInterpreter() async throws {
            try await withTemporaryDirectory { directory in
                let script = try writeScript("#!/nonexistent/interpreter\n", named: "tool", in: directory)
                let error = await #expect(throws: SubprocessError.self) {
                    try await Subprocess(executable: script).run { _ in }
                }
                #expect(error?.code == .executableNotFound)
                #expect(error?.message.contains(script) == true)
                #expect(error?.message.contains("#!") == true)
            }
        }

        @Test("a script still open for writing elsewhere is run once it is closed (ETXTBSY is retried)")
        func busyScript() async throws {
            try await withTemporaryDirectory { directory in
                let script = try writeScript("#!/bin/sh\necho ran\n", named: "tool", in: directory)
                // As when another thread's child inherited a descriptor open for writing: the kernel
                // refuses to execute the file (ETXTBSY) until it is closed, 30 ms from now.
                let writer = open(script, O_WRONLY | O_APPEND)
                try #require(writer >= 0)
                let closer = Thread {
                    usleep(30_000)
                    close(writer)
                }
                closer.start()
                let capture = try await Subprocess(executable: script).runCapturingOutput()
                #expect(capture.stdout == ["ran"])
                #expect(capture.result.succeeded)
            }
        }

        @Test("a file without execute permission is refused")
        func notExecutable() async throws {
            try await withTemporaryDirectory { directory in
                let script = try writeScript("#!/bin/sh\n", named: "tool", in: directory, mode: 0o644)
                let error = await #expect(throws: SubprocessError.self) {
                    try await Subprocess(executable: script).run { _ in }
                }
                #expect(error?.code == .spawnFailed)
                #expect(error?.errno == EACCES)
                #expect(error?.message.contains(script) == true)
            }
        }

        @Test("a missing working directory is reported with the directory and the executable")
        func missingWorkingDirectory() async throws {
            let error = await #expect(throws: SubprocessError.self) {
                try await Subprocess(executable: "/bin/pwd", workingDirectory: "/nonexistent/dir").run { _ in }
            }
            #expect(error?.code == .workingDirectoryNotFound)
            #expect(error?.message.contains("/nonexistent/dir") == true)
            #expect(error?.message.contains("/bin/pwd") == true)
        }

        @Test(
            "strings a process cannot receive are refused before anything starts",
            arguments: [
                Subprocess(executable: "/bin/echo", arguments: ["a\0b"]),
                Subprocess(executable: "/bin/echo", environment: ["A=B": "1"]),
                Subprocess(executable: "/bin/echo", environment: ["": "1"]),
                Subprocess(executable: "/bin/echo", environment: ["A": "x\0y"]),
                Subprocess(executable: ""),
            ])
        func invalidStrings(subprocess: Subprocess) async throws {
            let error = await #expect(throws: SubprocessError.self) { try await subprocess.run { _ in } }
            #expect(error?.code == .invalidArgument)
        }
    }
}

import Foundation
import Testing

@testable import RisaProcess

extension SubprocessSuite {
    @Suite("Environment and working directory")
    struct EnvironmentTests {
        @Test("the child sees exactly the environment passed, nothing of the parent's")
        func exactEnvironment() async throws {
            #expect(ProcessInfo.processInfo.environment["PATH"] != nil)
            let child = Subprocess(executable: "/usr/bin/env", environment: ["RISA_B": "two words", "RISA_A": "1"])
            let capture = try await child.runCapturingOutput()
            #expect(capture.stdout == ["RISA_A=1", "RISA_B=two words"])
        }

        @Test("a bare executable name is looked up in the child's PATH")
        func lookupInChildPath() async throws {
            let found = try await Subprocess(executable: "env", environment: ["PATH": "/nonexistent:/usr/bin"])
                .runCapturingOutput()
            #expect(found.stdout == ["PATH=/nonexistent:/usr/bin"])

            let error = await #expect(throws: SubprocessError.self) {
                try await Subprocess(executable: "env", environment: ["PATH": "/nonexistent"]).run { _ in }
            }
            #expect(error?.code == .executableNotFound)
        }

        @Test(
            "the child starts in the working directory",
            arguments: [WorkingDirectoryStrategy.spawnFileAction, .shellTrampoline])
        func workingDirectory(strategy: WorkingDirectoryStrategy) async throws {
            try await withTemporaryDirectory { directory in
                let child = Subprocess(
                    executable: "/bin/pwd", environment: testEnvironment, workingDirectory: directory)
                let lines = LinesBox()
                let result = try await child.run(workingDirectoryStrategy: strategy) { lines.append($0.text) }
                #expect(result.succeeded)
                #expect(lines.all == [directory])
            }
        }

        @Test(
            "a relative executable path is resolved in the working directory",
            arguments: [WorkingDirectoryStrategy.spawnFileAction, .shellTrampoline])
        func relativeExecutable(strategy: WorkingDirectoryStrategy) async throws {
            try await withTemporaryDirectory { directory in
                try writeScript("#!/bin/sh\necho \"ran with $1\"\n", named: "tool.sh", in: directory)
                let child = Subprocess(
                    executable: "./tool.sh", arguments: ["an argument"], environment: testEnvironment,
                    workingDirectory: directory)
                let lines = LinesBox()
                _ = try await child.run(workingDirectoryStrategy: strategy) { lines.append($0.text) }
                #expect(lines.all == ["ran with an argument"])
            }
        }

        @Test("arguments reach the child unchanged, spaces and quotes included")
        func argumentsVerbatim() async throws {
            let arguments = ["a b", "'quoted'", "$HOME", ""]
            let child = Subprocess(executable: "/usr/bin/printf", arguments: ["[%s]\\n"] + arguments)
            let capture = try await child.runCapturingOutput()
            #expect(capture.stdout == ["[a b]", "['quoted']", "[$HOME]", "[]"])
        }
    }
}

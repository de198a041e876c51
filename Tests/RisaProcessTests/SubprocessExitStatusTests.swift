import Glibc
import Testing

@testable import RisaProcess

extension SubprocessSuite {
    @Suite("How a child ended")
    struct ExitStatusTests {
        @Test("exit status 0 is a success")
        func exitZero() async throws {
            let result = try await Subprocess(executable: "true", environment: testEnvironment).run { _ in }
            #expect(result.termination == .exited(code: 0))
            #expect(result.interruption == nil)
            #expect(result.succeeded)
        }

        @Test("a non-zero exit status is a result, not an error")
        func exitThree() async throws {
            let result = try await shell("exit 3").run { _ in }
            #expect(result.termination == .exited(code: 3))
            #expect(result.interruption == nil)
            #expect(!result.succeeded)
        }

        @Test("a child killed by a signal reports the signal")
        func killedBySignal() async throws {
            let result = try await shell("kill -KILL $$").run { _ in }
            #expect(result.termination == .signaled(signal: SIGKILL))
            #expect(!result.succeeded)
            #expect(result.termination.description == "signal 9")
        }

        @Test("the duration covers the child's run time")
        func duration() async throws {
            let result = try await shell("sleep 0.2").run { _ in }
            #expect(result.duration >= .milliseconds(200))
            #expect(result.duration < .seconds(5))
        }

        @Test("a child that ends before its timeout is not marked as interrupted")
        func endsBeforeTimeout() async throws {
            let result = try await shell("echo done", timeout: .seconds(10)).run { _ in }
            #expect(result.succeeded)
            #expect(!result.timedOut)
        }

        @Test(
            "wait statuses decode as the C macros do",
            arguments: [
                (Int32(0), SubprocessResult.Termination.exited(code: 0)),
                (3 << 8, .exited(code: 3)),
                (255 << 8, .exited(code: 255)),
                (9, .signaled(signal: 9)),
                (15 | 0x80, .signaled(signal: 15)),  // with the core-dump flag
            ])
        func waitStatusDecoding(status: Int32, termination: SubprocessResult.Termination) {
            #expect(SubprocessResult.Termination(waitStatus: status) == termination)
        }
    }
}

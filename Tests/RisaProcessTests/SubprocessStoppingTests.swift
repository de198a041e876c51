import Foundation
import Glibc
import Testing

@testable import RisaProcess

extension SubprocessSuite {
    @Suite("Stopping a child and everything it started")
    struct StoppingTests {
        /// A shell that starts a long sleep in the background, prints its pid, and waits for it.
        static let parentOfSleep = "sleep 30 & echo $!; wait"

        @Test("a timeout sends SIGTERM to the group: the child and its grandchild die")
        func timeout() async throws {
            let lines = LinesBox()
            let result = try await shell(Self.parentOfSleep, timeout: .milliseconds(300)).run { lines.append($0.text) }
            #expect(result.timedOut)
            #expect(result.termination == .signaled(signal: SIGTERM))
            #expect(result.duration >= .milliseconds(300) && result.duration < .seconds(2))
            let grandchild = try #require(lines.all.first.flatMap { pid_t($0) })
            #expect(try await waitUntilGone(grandchild))
        }

        @Test("a group that ignores SIGTERM gets SIGKILL after the grace period")
        func killAfterGrace() async throws {
            let lines = LinesBox()
            // The background sleep inherits the ignored SIGTERM.
            let child = shell(
                "trap '' TERM; " + Self.parentOfSleep, timeout: .milliseconds(200),
                killGracePeriod: .milliseconds(200))
            let result = try await child.run { lines.append($0.text) }
            #expect(result.timedOut)
            #expect(result.termination == .signaled(signal: SIGKILL))
            #expect(result.duration >= .milliseconds(400) && result.duration < .seconds(2))
            let grandchild = try #require(lines.all.first.flatMap { pid_t($0) })
            #expect(try await waitUntilGone(grandchild))
        }

        @Test("cancelling the awaiting task stops the child and its grandchild")
        func cancellation() async throws {
            let (pids, announce) = AsyncStream.makeStream(of: pid_t.self)
            try await withThrowingTaskGroup(of: SubprocessResult.self) { group in
                group.addTask {
                    try await shell(Self.parentOfSleep).run { line in
                        if let pid = pid_t(line.text) { announce.yield(pid) }
                    }
                }
                var iterator = pids.makeAsyncIterator()
                let grandchild = try #require(await iterator.next())
                group.cancelAll()
                let result = try #require(try await group.next())
                #expect(result.wasCancelled)
                #expect(result.termination == .signaled(signal: SIGTERM))
                #expect(try await waitUntilGone(grandchild))
            }
        }

        @Test("a task cancelled before the call starts nothing and throws CancellationError")
        func cancelledBeforeStart() async throws {
            try await withTemporaryDirectory { directory in
                let marker = directory + "/started"
                await withThrowingTaskGroup(of: SubprocessResult.self) { group in
                    group.cancelAll()
                    group.addTask { try await shell("touch '\(marker)'").run { _ in } }
                    await #expect(throws: CancellationError.self) { try await group.next() }
                }
                #expect(!FileManager.default.fileExists(atPath: marker))
            }
        }

        @Test("background processes left in the group are killed when the child exits")
        func leftoversKilledAtExit() async throws {
            let lines = LinesBox()
            let started = ContinuousClock.now
            // The sleep keeps stdout open: without the kill, the run would last 120 s. The bound is
            // loose so that a loaded machine cannot fail the test; only a missing kill can.
            let result = try await shell("sleep 120 & echo $!").run { lines.append($0.text) }
            #expect(result.termination == .exited(code: 0))
            #expect(ContinuousClock.now - started < .seconds(60))
            let leftover = try #require(lines.all.first.flatMap { pid_t($0) })
            #expect(try await waitUntilGone(leftover))
        }

        @Test("output held open by a process outside the group is awaited only for the grace period")
        func escapedProcessDoesNotHang() async throws {
            try await withTemporaryDirectory { directory in
                // The child exits only once the escapee has left the group (it writes its pid after
                // setsid), so the kill at exit cannot catch it still inside.
                let script = """
                    setsid sh -c 'echo $$ > pid; exec sleep 120' &
                    while [ ! -s pid ]; do sleep 0.01; done
                    cat pid
                    """
                let lines = LinesBox()
                var child = shell(script, killGracePeriod: .milliseconds(200))
                child.workingDirectory = directory
                let started = ContinuousClock.now
                let result = try await child.run { lines.append($0.text) }
                let escaped = try #require(lines.all.first.flatMap { pid_t($0) })
                defer { kill(escaped, SIGKILL) }
                #expect(result.termination == .exited(code: 0))
                let elapsed = ContinuousClock.now - started
                // Without the grace period the run would last as long as the escapee's sleep (120 s).
                #expect(elapsed >= .milliseconds(200) && elapsed < .seconds(60))
                // It left the group, so the runner had no business killing it.
                #expect(!processIsGone(escaped))
            }
        }
    }
}

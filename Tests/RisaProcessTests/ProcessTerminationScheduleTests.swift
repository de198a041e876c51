import Glibc
import Testing

@testable import RisaProcess

@Suite("When a child's group is signalled")
struct ProcessTerminationScheduleTests {
    let start = ContinuousClock.now

    func at(_ milliseconds: Int) -> ContinuousClock.Instant { start + .milliseconds(milliseconds) }

    @Test("without a timeout nothing happens until an event")
    func noTimeout() {
        var schedule = ProcessTerminationSchedule(startedAt: start, timeout: nil, killGracePeriod: .seconds(2))
        #expect(schedule.nextDeadline == nil)
        #expect(schedule.advance(to: at(1_000_000)).isEmpty)
        #expect(schedule.interruption == nil)
    }

    @Test("a timeout sends SIGTERM, then SIGKILL after the grace period")
    func timeoutEscalates() {
        var schedule = ProcessTerminationSchedule(startedAt: start, timeout: .seconds(1), killGracePeriod: .seconds(2))
        #expect(schedule.nextDeadline == at(1000))
        #expect(schedule.advance(to: at(999)).isEmpty)
        #expect(schedule.advance(to: at(1000)) == [.signalGroup(SIGTERM)])
        #expect(schedule.interruption == .timedOut)
        #expect(schedule.nextDeadline == at(3000))
        #expect(schedule.advance(to: at(2999)).isEmpty)
        #expect(schedule.advance(to: at(3000)) == [.signalGroup(SIGKILL)])
        #expect(schedule.advance(to: at(9000)).isEmpty)
    }

    @Test("an exit after SIGTERM cancels the SIGKILL deadline but kills what is left of the group")
    func exitDuringGrace() {
        var schedule = ProcessTerminationSchedule(startedAt: start, timeout: .seconds(1), killGracePeriod: .seconds(2))
        _ = schedule.advance(to: at(1000))
        #expect(schedule.childExited(at: at(1500)) == [.signalGroup(SIGKILL)])
        #expect(schedule.exitedAt == at(1500))
        #expect(schedule.interruption == .timedOut)
        // Only the bound on reading the pipes is left.
        #expect(schedule.nextDeadline == at(3500))
        #expect(schedule.advance(to: at(3500)) == [.stopReading])
    }

    @Test("cancellation stops the child like a timeout, and only the first reason counts")
    func cancellation() {
        var schedule = ProcessTerminationSchedule(startedAt: start, timeout: .seconds(1), killGracePeriod: .seconds(2))
        #expect(schedule.cancelRequested(at: at(100)) == [.signalGroup(SIGTERM)])
        #expect(schedule.interruption == .cancelled)
        #expect(schedule.nextDeadline == at(2100))
        #expect(schedule.advance(to: at(1000)).isEmpty)
        #expect(schedule.cancelRequested(at: at(1100)).isEmpty)
        #expect(schedule.advance(to: at(2100)) == [.signalGroup(SIGKILL)])
        #expect(schedule.interruption == .cancelled)
    }

    @Test("a cancellation or timeout after the exit changes nothing")
    func afterExit() {
        var schedule = ProcessTerminationSchedule(startedAt: start, timeout: .seconds(1), killGracePeriod: .seconds(2))
        #expect(schedule.childExited(at: at(500)) == [.signalGroup(SIGKILL)])
        #expect(schedule.cancelRequested(at: at(600)).isEmpty)
        #expect(schedule.advance(to: at(1000)).isEmpty)
        #expect(schedule.interruption == nil)
        #expect(schedule.childExited(at: at(700)).isEmpty)
        #expect(schedule.exitedAt == at(500))
    }

    @Test("poll timeouts round up to whole milliseconds and never go negative")
    func pollTimeout() {
        #expect(ProcessWatchLoop.pollTimeout(until: nil) == -1)
        #expect(ProcessWatchLoop.pollTimeout(until: .now - .seconds(1)) == 0)
        let timeout = ProcessWatchLoop.pollTimeout(until: .now + .microseconds(10_500))
        #expect(timeout == 11 || timeout == 10)
        #expect(ProcessWatchLoop.pollTimeout(until: .now + .seconds(100_000_000)) == Int32.max)
    }
}

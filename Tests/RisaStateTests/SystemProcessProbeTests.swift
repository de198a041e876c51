import Foundation
import Testing

@testable import RisaState

@Suite("Telling whether a recorded process still runs")
struct SystemProcessProbeTests {
    let probe = SystemProcessProbe()

    @Test("the current process is alive")
    func currentProcess() {
        #expect(probe.liveness(of: .current()) == .alive)
    }

    @Test("a child process that has exited is dead")
    func exitedChild() throws {
        let child = Process()
        child.executableURL = URL(fileURLWithPath: "/bin/sh")
        child.arguments = ["-c", "exit 0"]
        try child.run()
        child.waitUntilExit()
        let identity = ProcessIdentity(
            pid: child.processIdentifier, host: ProcessIdentity.currentHost(), startToken: nil)
        #expect(probe.liveness(of: identity) == .dead)
    }

    #if os(Linux)
        @Test("a live pid with another start token is a reused pid, so the recorded process is dead")
        func reusedPid() throws {
            var identity = ProcessIdentity.current()
            #expect(identity.startToken != nil)
            identity.startToken = "00000000-0000-0000-0000-000000000000:1"
            #expect(probe.liveness(of: identity) == .dead)
        }
    #endif

    @Test("a process recorded on another host cannot be judged")
    func otherHost() {
        var identity = ProcessIdentity.current()
        identity.host = "another-machine-\(UUID().uuidString)"
        #expect(probe.liveness(of: identity) == .unknown)
    }

    @Test("pid 0 and negative pids are never taken for live processes")
    func groupPids() {
        let host = ProcessIdentity.currentHost()
        #expect(probe.liveness(of: ProcessIdentity(pid: 0, host: host, startToken: nil)) == .dead)
        #expect(probe.liveness(of: ProcessIdentity(pid: -1, host: host, startToken: nil)) == .dead)
    }

    @Test("a stat line is read after the command name, even one with spaces and parentheses")
    func statLine() throws {
        let line = "4242 (my (odd) cmd) Z 1 4242 4242 0 -1 4194560 100 0 0 0 5 3 0 0 20 0 1 0 987654 1000 50"
        let stat = try #require(ProcStat(statLine: line))
        #expect(stat.state == "Z")
        #expect(stat.startTicks == 987_654)
        #expect(ProcStat(statLine: "4242 (cut) S 1 2") == nil)
    }
}

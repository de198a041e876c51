import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// What can be said about whether a recorded process still runs.
public enum ProcessLiveness: Sendable, Equatable {
    /// The process still runs.
    case alive
    /// The process is gone (or its pid now belongs to a different process).
    case dead
    /// No way to tell from here (the process ran on another machine).
    case unknown
}

/// Tells whether a recorded process still runs; a seam so that tests can decide for processes
/// they do not own.
public protocol ProcessLivenessProbe: Sendable {
    /// Whether `process` still runs.
    func liveness(of process: ProcessIdentity) -> ProcessLiveness
}

/// Asks the operating system: the process must exist on this host (`kill(pid, 0)`), not be a zombie,
/// and, where a start token was recorded and can be read now, have the same one.
public struct SystemProcessProbe: ProcessLivenessProbe {
    /// Creates a probe.
    public init() {}

    /// Whether `process` still runs; `unknown` when it was recorded on another host.
    public func liveness(of process: ProcessIdentity) -> ProcessLiveness {
        guard process.host == ProcessIdentity.currentHost() else { return .unknown }
        // kill() reads 0 and negative pids as process groups; no real process has one.
        guard process.pid > 0 else { return .dead }
        if kill(process.pid, 0) != 0, errno == ESRCH { return .dead }
        // The pid exists (kill succeeded, or failed with EPERM for another user's process).
        if let stat = ProcStat(pid: process.pid), stat.state == "Z" { return .dead }
        if let recorded = process.startToken, let now = ProcessIdentity.startToken(of: process.pid),
            recorded != now
        {
            return .dead
        }
        return .alive
    }
}

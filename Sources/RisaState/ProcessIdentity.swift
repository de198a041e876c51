import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Names one process well enough to tell later whether it is still alive: its pid, the machine it
/// runs on, and, where the system tells it, a token of when it started, so that a pid reused by a
/// newer process is not mistaken for the old one.
public struct ProcessIdentity: Hashable, Sendable {
    /// The process id.
    public var pid: Int32
    /// The host name of the machine running it.
    public var host: String
    /// On Linux, the boot id and the process's start time in clock ticks since boot
    /// (`<boot id>:<ticks>`); nil where the system gives no such token.
    public var startToken: String?

    /// Creates a process identity.
    public init(pid: Int32, host: String, startToken: String?) {
        self.pid = pid
        self.host = host
        self.startToken = startToken
    }

    /// The identity of the calling process.
    public static func current() -> ProcessIdentity {
        let pid = getpid()
        return ProcessIdentity(pid: pid, host: currentHost(), startToken: startToken(of: pid))
    }

    /// This machine's host name.
    static func currentHost() -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return "" }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// The start token of process `pid` as the system reports it now, or nil when it cannot be read
    /// (no such process, or a system without `/proc`).
    static func startToken(of pid: Int32) -> String? {
        guard let stat = ProcStat(pid: pid),
            let bootID = try? String(contentsOfFile: "/proc/sys/kernel/random/boot_id", encoding: .utf8)
        else { return nil }
        return "\(bootID.trimmingCharacters(in: .whitespacesAndNewlines)):\(stat.startTicks)"
    }
}

/// The fields Risa needs from Linux's `/proc/<pid>/stat`.
struct ProcStat {
    /// The one-letter process state (`R`, `S`, `Z` for a zombie, ...).
    let state: Character
    /// Start time in clock ticks after boot (field 22).
    let startTicks: UInt64

    init?(pid: Int32) {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8) else { return nil }
        self.init(statLine: text)
    }

    /// Parses a stat line. The command name (field 2) is in parentheses and may itself contain spaces
    /// and parentheses, so the fields are counted after its last `)`.
    init?(statLine: String) {
        guard let close = statLine.lastIndex(of: ")") else { return nil }
        let fields = statLine[statLine.index(after: close)...].split(separator: " ")
        // fields[0] is field 3 (state), so field 22 (start time) is fields[19].
        guard fields.count > 19, let state = fields[0].first, let ticks = UInt64(fields[19]) else {
            return nil
        }
        self.state = state
        self.startTicks = ticks
    }
}

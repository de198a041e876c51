import Foundation
import Glibc
import Synchronization
import Testing

@testable import RisaProcess

/// The parent of every suite that starts processes. Serialized because one of them counts the
/// test process's open descriptors and threads, which processes started by a concurrent test
/// would change.
@Suite("Subprocess", .serialized)
enum SubprocessSuite {}

/// The environment the tests give their children: a search path and nothing else.
let testEnvironment = ["PATH": "/usr/bin:/bin"]

/// A `/bin/sh -c script` child.
func shell(
    _ script: String, timeout: Duration? = nil, killGracePeriod: Duration = .seconds(2)
) -> Subprocess {
    Subprocess(
        executable: "/bin/sh", arguments: ["-c", script], environment: testEnvironment, timeout: timeout,
        killGracePeriod: killGracePeriod)
}

/// Whether `pid` no longer runs: it does not exist, or it is a zombie waiting for its new parent
/// (init, or whatever reaps orphans here) to collect it.
func processIsGone(_ pid: pid_t) -> Bool {
    if kill(pid, 0) != 0, errno == ESRCH { return true }
    guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
        let afterName = stat.range(of: ") ", options: .backwards)
    else { return true }
    return stat[afterName.upperBound...].hasPrefix("Z")
}

/// Waits up to `limit` for `pid` to be gone, as a killed process takes a moment to be reaped.
func waitUntilGone(_ pid: pid_t, within limit: Duration = .seconds(2)) async throws -> Bool {
    let deadline = ContinuousClock.now + limit
    while ContinuousClock.now < deadline {
        if processIsGone(pid) { return true }
        try await Task.sleep(for: .milliseconds(20))
    }
    return processIsGone(pid)
}

/// The number of entries in a `/proc/self` directory (`fd` for open descriptors, `task` for threads).
func procSelfEntryCount(_ directory: String) throws -> Int {
    try FileManager.default.contentsOfDirectory(atPath: "/proc/self/\(directory)").count
}

/// Runs `body` with a new empty directory (its real path), removed afterwards.
func withTemporaryDirectory<T>(_ body: (String) async throws -> T) async throws -> T {
    var template = Array("\(NSTemporaryDirectory())/risa-subprocess-XXXXXX".utf8CString)
    guard let made = mkdtemp(&template) else { throw POSIXError(.init(rawValue: errno) ?? .EIO) }
    let path = URL(fileURLWithPath: String(cString: made)).resolvingSymlinksInPath().path
    defer { try? FileManager.default.removeItem(atPath: path) }
    return try await body(path)
}

/// Writes an executable (mode 755 unless told) script into `directory`.
@discardableResult
func writeScript(_ text: String, named name: String, in directory: String, mode: Int = 0o755) throws -> String {
    let path = directory + "/" + name
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: path)
    return path
}

/// Lines gathered from a callback.
final class LinesBox: Sendable {
    private let lines = Mutex<[String]>([])

    func append(_ line: String) { lines.withLock { $0.append(line) } }

    var all: [String] { lines.withLock { $0 } }
}

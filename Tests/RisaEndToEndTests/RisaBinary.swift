import Foundation

/// What one run of the `risa` binary did.
struct RisaResult: Sendable {
    /// The exit status, or the signal number negated when a signal ended the process.
    let status: Int32
    /// Everything written to stdout.
    let stdout: String
    /// Everything written to stderr.
    let stderr: String

    /// The non-empty lines of stdout.
    var lines: [String] { stdout.split(separator: "\n").map(String.init) }

    /// The non-empty lines of stderr.
    var errorLines: [String] { stderr.split(separator: "\n").map(String.init) }
}

/// Locates and runs the real `risa` executable that `swift build --build-tests` made.
enum Risa {
    /// The package root: three levels above this file (`Tests/RisaEndToEndTests/<file>`).
    static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `.build/debug/risa` under the package root.
    static let executable: URL = packageRoot.appendingPathComponent(".build/debug/risa")

    /// Starts `risa arguments` in `directory`, its stdout and stderr going to files.
    /// - Parameters:
    ///   - arguments: the command line after `risa`.
    ///   - directory: the working directory.
    ///   - environment: variables added to (or replacing) this process's environment.
    /// - Returns: the running process.
    /// - Throws: when the executable is missing or cannot be started.
    static func start(
        _ arguments: [String], in directory: URL, environment: [String: String] = [:]
    ) throws -> RunningRisa {
        guard FileManager.default.isExecutableFile(atPath: executable.path) else {
            throw E2EError("\(executable.path) is missing: run `swift build --build-tests` first")
        }
        let capture = FileManager.default.temporaryDirectory.appendingPathComponent(
            "risa-e2e-output-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: capture, withIntermediateDirectories: true)
        let child = try ChildProcess.spawn(
            executable.path, arguments, in: directory,
            environment: ProcessInfo.processInfo.environment.merging(environment) { $1 },
            stdout: capture.appendingPathComponent("stdout").path, stderr: capture.appendingPathComponent("stderr").path
        )
        return RunningRisa(child: child, arguments: arguments, capture: capture)
    }

    /// Runs `risa arguments` in `directory` to the end and returns what it printed.
    /// - Parameters:
    ///   - arguments: the command line after `risa`.
    ///   - directory: the working directory.
    ///   - environment: variables added to this process's environment.
    ///   - timeout: seconds after which the process is killed and the call throws.
    /// - Throws: when the process cannot start or does not finish in time.
    @discardableResult
    static func run(
        _ arguments: [String], in directory: URL, environment: [String: String] = [:],
        timeout: TimeInterval = 30
    ) async throws -> RisaResult {
        let running = try start(arguments, in: directory, environment: environment)
        return try await running.wait(timeout: timeout)
    }
}

/// A started `risa` process, writing its stdout and stderr to files.
struct RunningRisa: Sendable {
    /// The process.
    let child: ChildProcess
    /// Its command line after `risa`, for messages.
    let arguments: [String]
    /// The folder holding the two output files; deleted once the process has been waited for.
    let capture: URL

    private var stdoutFile: URL { capture.appendingPathComponent("stdout") }
    private var stderrFile: URL { capture.appendingPathComponent("stderr") }

    /// What the process has written to stdout so far.
    var stdoutSoFar: String { read(stdoutFile) }

    /// Whether the process still runs (false once it has ended, reaped or not).
    var isRunning: Bool {
        var info = siginfo_t()
        return waitid(P_PID, id_t(child.pid), &info, WEXITED | WNOHANG | WNOWAIT) == 0
            && info._sifields._sigchld.si_pid == 0
    }

    /// Waits until `condition` holds for the stdout written so far, or the process ends, or
    /// `timeout` seconds pass.
    /// - Returns: whether the condition held.
    func waitForOutput(timeout: TimeInterval, until condition: (String) -> Bool) async throws -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if condition(stdoutSoFar) { return true }
            if !isRunning { return condition(stdoutSoFar) }
            try await Task.sleep(for: .milliseconds(2))
        }
        return false
    }

    /// Sends `signal` to the process.
    func send(_ signal: Int32) {
        kill(child.pid, signal)
    }

    /// Waits for the process to end and returns what it wrote.
    /// - Parameter timeout: seconds after which the process is killed and the call throws.
    /// - Throws: `E2EError` on a timeout.
    func wait(timeout: TimeInterval) async throws -> RisaResult {
        defer { try? FileManager.default.removeItem(at: capture) }
        do {
            let status = try await child.wait(timeout: timeout)
            return RisaResult(status: status, stdout: read(stdoutFile), stderr: read(stderrFile))
        } catch {
            throw E2EError("risa \(arguments): \(error); stderr: \(read(stderrFile))")
        }
    }

    private func read(_ file: URL) -> String {
        (try? String(contentsOf: file, encoding: .utf8)) ?? ""
    }
}

/// A failure of the test harness itself (not of the code under test).
struct E2EError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

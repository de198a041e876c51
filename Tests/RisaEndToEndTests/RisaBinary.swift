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

    /// Starts `risa arguments` in `directory` and returns the running process with pipes attached.
    /// - Parameters:
    ///   - arguments: the command line after `risa`.
    ///   - directory: the working directory.
    ///   - environment: variables added to (or replacing) this process's environment.
    /// - Returns: the running process and a collector of its output.
    /// - Throws: when the executable is missing or cannot be started.
    static func start(_ arguments: [String], in directory: URL, environment: [String: String] = [:]) throws -> RunningRisa {
        guard FileManager.default.isExecutableFile(atPath: executable.path) else {
            throw E2EError("\(executable.path) is missing: run `swift build --build-tests` first")
        }
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = directory
        var merged = ProcessInfo.processInfo.environment
        // A terminal or colour setting of the caller must not change what the tests read.
        merged["NO_COLOR"] = "1"
        for (name, value) in environment { merged[name] = value }
        process.environment = merged
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = FileHandle.nullDevice
        let collector = RunningRisa(process: process, stdout: output, stderr: errors)
        try process.run()
        return collector
    }

    /// Runs `risa arguments` in `directory` to the end and returns what it printed.
    /// - Parameters:
    ///   - arguments: the command line after `risa`.
    ///   - directory: the working directory.
    ///   - environment: variables added to this process's environment.
    ///   - timeout: seconds after which the process is killed and the call throws.
    /// - Throws: when the process cannot start or does not finish in time.
    @discardableResult
    static func run(_ arguments: [String], in directory: URL, environment: [String: String] = [:],
                    timeout: TimeInterval = 30) async throws -> RisaResult {
        let running = try start(arguments, in: directory, environment: environment)
        return try await running.wait(timeout: timeout)
    }
}

/// A started `risa` process whose stdout and stderr are read as it writes them (so a full pipe
/// never blocks it).
final class RunningRisa: @unchecked Sendable {
    // Safe: `process` is only used through thread-safe Foundation calls (pid, isRunning,
    // terminationStatus, waitUntilExit); the buffers are guarded by `lock`.
    let process: Process
    private let lock = NSLock()
    private var outputData = Data()
    private var errorData = Data()
    private let readers = DispatchGroup()

    init(process: Process, stdout: Pipe, stderr: Pipe) {
        self.process = process
        read(stdout.fileHandleForReading) { [self] data in lock.withLock { outputData.append(data) } }
        read(stderr.fileHandleForReading) { [self] data in lock.withLock { errorData.append(data) } }
    }

    private func read(_ handle: FileHandle, into append: @escaping @Sendable (Data) -> Void) {
        readers.enter()
        let group = readers
        Thread.detachNewThread {
            while true {
                let chunk = handle.availableData
                if chunk.isEmpty { break }
                append(chunk)
            }
            group.leave()
        }
    }

    /// The process id.
    var pid: Int32 { process.processIdentifier }

    /// What the process has written to stdout so far.
    var stdoutSoFar: String {
        lock.withLock { String(decoding: outputData, as: UTF8.self) }
    }

    /// Waits until `condition` holds for the stdout written so far, or the process ends, or
    /// `timeout` seconds pass.
    /// - Returns: whether the condition held.
    func waitForOutput(timeout: TimeInterval, until condition: (String) -> Bool) async throws -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if condition(stdoutSoFar) { return true }
            if !process.isRunning { return condition(stdoutSoFar) }
            try await Task.sleep(for: .milliseconds(2))
        }
        return false
    }

    /// Sends `signal` to the process.
    func send(_ signal: Int32) {
        kill(pid, signal)
    }

    /// Waits for the process to end and for its pipes to close.
    /// - Parameter timeout: seconds after which the process is killed and the call throws.
    /// - Throws: `E2EError` on a timeout.
    func wait(timeout: TimeInterval) async throws -> RisaResult {
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning {
            if Date() > deadline {
                kill(pid, SIGKILL)
                process.waitUntilExit()
                throw E2EError("risa \(process.arguments ?? []) did not finish within \(timeout) s")
            }
            try await Task.sleep(for: .milliseconds(10))
        }
        process.waitUntilExit()
        // Children the process started may keep the pipes open for a moment after it died.
        let drained = readers.wait(timeout: .now() + 5)
        let status = process.terminationReason == .uncaughtSignal ? -process.terminationStatus : process.terminationStatus
        return lock.withLock {
            RisaResult(status: status, stdout: String(decoding: outputData, as: UTF8.self),
                       stderr: String(decoding: errorData, as: UTF8.self) + (drained == .timedOut ? "\n[pipes still open]" : ""))
        }
    }
}

/// A failure of the test harness itself (not of the code under test).
struct E2EError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

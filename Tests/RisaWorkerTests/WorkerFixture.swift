import Foundation
import Glibc
import RisaCore
import RisaWorker
import Synchronization
import Testing

/// The parent of every suite here. Serialized: each test starts a worker process (Python and
/// onnxruntime on a machine of two cores), and other targets' tests in the same process count
/// their open descriptors and threads, which many workers at once would disturb.
@Suite("Workers", .serialized)
enum WorkerSuite {}

/// The test tagger and its images, built once per test process by workers/make_test_tagger.py
/// with the Python of the workers' virtual environment (which scripts/setup.sh makes).
struct WorkerFixture: Sendable {
    /// The repository's workers/ folder.
    static let workers = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("workers").path
    /// The workers' Python.
    static let python = WorkerConfiguration.defaultPython()

    /// The folder holding model.onnx and selected_tags.csv (input side 64).
    let model: String
    /// The folder of the test images (red.png, cyan.png, transparent_red.png, ...).
    let images: String
    /// A scratch folder for the test's own files.
    let scratch: String

    /// The path of test image `name`.
    func image(_ name: String) -> String { images + "/" + name }

    /// The shared fixture; fails the test with what to do when the virtual environment is missing.
    static func shared() async throws -> WorkerFixture {
        try await cache.value()
    }

    /// A WD14 client on the test tagger.
    func client(
        batchSize: Int = 8, maximumRestarts: Int = 3, log: @escaping @Sendable (String) -> Void = { _ in }
    ) -> WorkerClient {
        var configuration = WorkerConfiguration.wd14Tagger(
            python: Self.python, script: Self.workers + "/wd14_tagger.py", modelDirectory: model,
            batchSize: batchSize, arguments: ["--threads", "2", "--model-threads", "1"])
        configuration.maximumRestarts = maximumRestarts
        configuration.requestTimeout = .seconds(60)
        configuration.handshakeTimeout = .seconds(60)
        configuration.log = log
        return WorkerClient(configuration)
    }

    /// Writes a script into the scratch folder.
    func script(_ name: String, _ text: String) throws -> String {
        let path = scratch + "/" + name
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    private static let cache = FixtureCache()

    private actor FixtureCache {
        private var built: Task<WorkerFixture, any Error>?

        func value() async throws -> WorkerFixture {
            if let built { return try await built.value }
            let task = Task { try await WorkerFixture.build() }
            built = task
            return try await task.value
        }
    }

    private static func build() async throws -> WorkerFixture {
        guard FileManager.default.isExecutableFile(atPath: python) else {
            Issue.record("no Python at \(python): run scripts/setup.sh to make the workers' virtual environment")
            throw FixtureError(message: "missing virtual environment \(python)")
        }
        var template = Array("\(NSTemporaryDirectory())/risa-worker-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { throw FixtureError(message: "cannot make a temporary folder") }
        let root = String(cString: made)
        let fixture = WorkerFixture(model: root + "/model", images: root + "/images", scratch: root)
        let output = try await run(
            [
                python, workers + "/make_test_tagger.py", "--out", fixture.model, "--size", "64",
                "--images", fixture.images,
            ])
        guard output.status == 0 else {
            Issue.record("make_test_tagger.py failed (status \(output.status)): \(output.text)")
            throw FixtureError(message: "cannot build the test tagger")
        }
        return fixture
    }

    struct FixtureError: Error, CustomStringConvertible {
        let message: String
        var description: String { message }
    }
}

/// Runs a command to its end and returns its exit status and output (stdout then stderr).
func run(_ command: [String]) async throws -> (status: Int32, text: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: command[0])
    process.arguments = Array(command.dropFirst())
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: data, as: UTF8.self))
}

/// Log lines gathered from a worker, and a way to wait for one without sleeping.
final class LogRecorder: Sendable {
    private let state = Mutex<(lines: [String], waiters: [(String, CheckedContinuation<Void, Never>)])>(([], []))

    /// The closure to give ``WorkerConfiguration/log``.
    var sink: @Sendable (String) -> Void { { [self] line in record(line) } }

    /// Every line so far.
    var lines: [String] { state.withLock { $0.lines } }

    /// Returns once a line containing `text` was logged.
    func waitForLine(containing text: String) async {
        await withCheckedContinuation { continuation in
            let seen = state.withLock { state in
                if state.lines.contains(where: { $0.contains(text) }) { return true }
                state.waiters.append((text, continuation))
                return false
            }
            if seen { continuation.resume() }
        }
    }

    private func record(_ line: String) {
        let ready = state.withLock { state in
            state.lines.append(line)
            let ready = state.waiters.filter { line.contains($0.0) }
            state.waiters.removeAll { line.contains($0.0) }
            return ready.map(\.1)
        }
        for continuation in ready { continuation.resume() }
    }
}

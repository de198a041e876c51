import Foundation
import RisaCore
import RisaWorker

/// One running tagger worker shared by the items of a `tagger.run` execution, shut down when the
/// execution ends.
final class TaggerWorker: SharedResource {
    let client: WorkerClient
    let model: WorkerModelInfo

    private init(client: WorkerClient, model: WorkerModelInfo) {
        self.client = client
        self.model = model
    }

    func close() async {
        await client.shutdown()
    }

    /// Starts the worker `configuration` describes and waits for its handshake.
    /// - Parameter expectsRuntime: whether the worker must report the pinned onnxruntime (the
    ///   built-in WD14 worker does).
    /// - Throws: `StepFailure` with the worker's message (and its last standard error lines).
    static func start(_ configuration: WorkerConfiguration, expectsRuntime: Bool) async throws -> TaggerWorker {
        let client = WorkerClient(configuration)
        do {
            let model = try await client.start()
            if expectsRuntime {
                let reported = model.handshake["runtime"]?["onnxruntime"]?.stringValue ?? "unknown"
                guard reported == TaggerRunStep.onnxruntimeVersion else {
                    await client.shutdown()
                    throw StepFailure(
                        "the tagger runs onnxruntime \(reported), but tagger.run's cache keys assume "
                            + "\(TaggerRunStep.onnxruntimeVersion) "
                            + "(workers/requirements.txt): run scripts/setup.sh to rebuild the workers' environment",
                        retryable: false)
                }
            }
            return TaggerWorker(client: client, model: model)
        } catch let error as WorkerError {
            await client.shutdown()
            var message = "cannot start the tagger: \(error.message)"
            if !error.stderrTail.isEmpty { message += "\n  " + error.stderrTail.suffix(8).joined(separator: "\n  ") }
            throw StepFailure(message, retryable: error.code == .crashed || error.code == .timedOut)
        }
    }

    /// Where `workers/wd14_tagger.py` is: `$RISA_WORKERS`, else the `workers/` folder of the first
    /// folder above the running program or the project that holds it (a checkout of Risa).
    static func workersDirectory(projectRoot: URL, environment: [String: String]) -> String? {
        let script = "wd14_tagger.py"
        if let explicit = environment["RISA_WORKERS"], !explicit.isEmpty {
            return explicit
        }
        var candidates: [URL] = [projectRoot]
        var folder = URL(fileURLWithPath: CommandLine.arguments.first ?? "").resolvingSymlinksInPath()
            .deletingLastPathComponent()
        for _ in 0..<6 {
            candidates.append(folder)
            candidates.append(folder.appendingPathComponent("share/risa"))
            folder = folder.deletingLastPathComponent()
        }
        for candidate in candidates {
            let workers = candidate.appendingPathComponent("workers")
            if FileManager.default.fileExists(atPath: workers.appendingPathComponent(script).path) {
                return workers.path
            }
        }
        return nil
    }
}

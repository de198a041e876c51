import Foundation
import RisaCore
import RisaWorker
import Testing

extension WorkerSuite {
    @Suite("The WD14 worker's handshake")
    struct HandshakeTests {
        @Test("announces the model: name, digest of its files, input side read from the model, tag count")
        func announcesTheModel() async throws {
            let fixture = try await WorkerFixture.shared()
            let client = fixture.client(batchSize: 4)
            let model = try await client.start()
            await client.shutdown()
            #expect(model.protocolVersion == 1)
            #expect(model.worker == "wd14_tagger")
            #expect(model.name == "model")
            #expect(model.inputSize == 64)
            #expect(model.tagCount == 15)
            #expect(model.batchSize == 4)
            let onnx = Digest(of: try Data(contentsOf: URL(fileURLWithPath: fixture.model + "/model.onnx")))
            let csv = Digest(of: try Data(contentsOf: URL(fileURLWithPath: fixture.model + "/selected_tags.csv")))
            let listing = "\(onnx.hex)  model.onnx\n\(csv.hex)  selected_tags.csv\n"
            #expect(model.digest == Digest(ofText: listing).description)
            #expect(model.defaults["general_threshold"] == .number(0.35))
            #expect(model.defaults["character_threshold"] == .number(0.85))
        }

        @Test("the cache key depends on the model and the effective thresholds, not on spelling out defaults")
        func cacheKey() async throws {
            let fixture = try await WorkerFixture.shared()
            let client = fixture.client()
            let model = try await client.start()
            await client.shutdown()
            let implicit = model.cacheKey(for: TagOptions())
            #expect(implicit == model.cacheKey(for: TagOptions(generalThreshold: 0.35, characterThreshold: 0.85)))
            #expect(implicit != model.cacheKey(for: TagOptions(generalThreshold: 0.5)))
            #expect(implicit != model.cacheKey(for: TagOptions(maxTags: 10)))
            var other = model
            other.digest = "sha256:" + String(repeating: "0", count: 64)
            #expect(implicit != other.cacheKey(for: TagOptions()))
        }

        @Test("a worker pointed at a missing model exits before its handshake; the error carries its stderr")
        func missingModel() async throws {
            let fixture = try await WorkerFixture.shared()
            var configuration = WorkerConfiguration.wd14Tagger(
                python: WorkerFixture.python, script: WorkerFixture.workers + "/wd14_tagger.py",
                modelDirectory: fixture.scratch + "/no-model")
            configuration.maximumRestarts = 0
            let client = WorkerClient(configuration)
            let error = await workerError { try await client.start() }
            #expect(error?.code == .startFailed)
            #expect(error?.message.contains("exit status 1") == true)
            #expect(error?.stderrTail.contains { $0.contains("no-model/model.onnx: no such file") } == true)
        }
    }
}

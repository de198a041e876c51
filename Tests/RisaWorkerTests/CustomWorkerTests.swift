import Foundation
import RisaWorker
import Testing

/// A captioner written against the protocol alone (no Risa code): it answers every image with a
/// caption, except that it never answers images whose name contains "hang".
let echoCaptioner = #"""
    import json, os, sys
    print(json.dumps({"type": "hello", "protocol": 1, "worker": "echo_captioner",
                      "model": {"name": "echo", "digest": "sha256:" + "ab" * 32}}), flush=True)
    for line in sys.stdin:
        request = json.loads(line)
        name = os.path.basename(request["image"])
        print("got " + name, file=sys.stderr, flush=True)
        if "hang" in name:
            continue
        result = {"caption": "a picture named " + name, "tags": [{"name": "photo", "category": "general", "score": 1}]}
        print(json.dumps({"id": request["id"], "ok": True, "result": result}), flush=True)
    """#

/// The failure of `body`, when it throws a ``WorkerError``.
func workerError(_ body: () async throws -> some Any) async -> WorkerError? {
    do {
        _ = try await body()
        return nil
    } catch let error as WorkerError {
        return error
    } catch {
        return nil
    }
}

extension WorkerSuite {
    @Suite("Any command speaking the protocol")
    struct CustomWorkerTests {
        @Test("a captioner script plugs in like the tagger: handshake, caption, tags")
        func captioner() async throws {
            let fixture = try await WorkerFixture.shared()
            let script = try fixture.script("echo_captioner.py", echoCaptioner)
            let client = WorkerClient(WorkerConfiguration(command: [WorkerFixture.python, script]))
            let model = try await client.start()
            #expect(model.name == "echo")
            #expect(model.worker == "echo_captioner")
            #expect(model.inputSize == nil)
            let result = try await client.tag(imagePath: "/photos/cat.jpg")
            #expect(result.caption == "a picture named cat.jpg")
            #expect(result.tags == [WorkerTag(name: "photo", category: .general, score: 1)])
            #expect(result.rating == nil)
            #expect(result.batchSize == 1)
            await client.shutdown()
        }

        @Test("a command whose first line is not a handshake is refused and stopped")
        func notAWorker() async throws {
            let fixture = try await WorkerFixture.shared()
            let script = try fixture.script(
                "chatty.py", "import time\nprint('hello there', flush=True)\ntime.sleep(60)\n")
            let client = WorkerClient(WorkerConfiguration(command: [WorkerFixture.python, script], maximumRestarts: 0))
            let error = await workerError { try await client.start() }
            #expect(error?.code == .handshakeFailed)
            #expect(error?.message.contains("not JSON") == true)
            await client.shutdown()
        }

        @Test("a request left unanswered fails after the timeout; the worker goes on serving")
        func timeout() async throws {
            let fixture = try await WorkerFixture.shared()
            let script = try fixture.script("echo_captioner_timeout.py", echoCaptioner)
            let client = WorkerClient(
                WorkerConfiguration(command: [WorkerFixture.python, script], requestTimeout: .seconds(1.5)))
            // Started first, so that the timeout runs on requests only, not on Python's start.
            _ = try await client.start()
            let error = await workerError { try await client.tag(imagePath: "/x/hang.png") }
            #expect(error?.code == .timedOut)
            #expect(error?.itemPath == "/x/hang.png")
            #expect(try await client.tag(imagePath: "/x/fine.png").caption == "a picture named fine.png")
            await client.shutdown()
        }
    }
}

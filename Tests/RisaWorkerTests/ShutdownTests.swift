import Foundation
import Glibc
import RisaWorker
import Testing

extension WorkerSuite {
    @Suite("Shutting a worker down")
    struct ShutdownTests {
        @Test("shutdown closes the input, the worker exits, later requests are refused")
        func cleanShutdown() async throws {
            let fixture = try await WorkerFixture.shared()
            let log = LogRecorder()
            let client = fixture.client(log: log.sink)
            _ = try await client.tag(imagePath: fixture.image("red.png"))
            let pid = try #require(await client.processID)
            await client.shutdown()
            #expect(kill(pid, 0) != 0 && errno == ESRCH)
            // The worker's last stderr line is its statistics.
            #expect(log.lines.contains { $0.hasPrefix("wd14_tagger: stats {") })
            #expect(await workerError { try await client.tag(imagePath: fixture.image("red.png")) }?.code == .shutDown)
        }

        @Test("a worker that ignores end of file and SIGTERM is killed after the grace periods")
        func stubbornWorker() async throws {
            let fixture = try await WorkerFixture.shared()
            let script = try fixture.script(
                "stubborn.py",
                """
                import json, signal, time
                signal.signal(signal.SIGTERM, signal.SIG_IGN)
                print(json.dumps({"type": "hello", "protocol": 1, "model": {"name": "s", "digest": "x"}}), flush=True)
                while True:
                    time.sleep(1)
                """)
            let client = WorkerClient(
                WorkerConfiguration(command: [WorkerFixture.python, script], shutdownGracePeriod: .milliseconds(200)))
            _ = try await client.start()
            let pid = try #require(await client.processID)
            await client.shutdown()
            #expect(kill(pid, 0) != 0 && errno == ESRCH)
        }
    }
}

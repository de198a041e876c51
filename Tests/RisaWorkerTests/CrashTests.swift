import Foundation
import Glibc
import RisaWorker
import Testing

extension WorkerSuite {
    @Suite("A worker that dies")
    struct CrashTests {
        @Test(
            "a worker killed with requests pending fails them with its status and stderr; the next request restarts it")
        func killedWithPendingRequests() async throws {
            let fixture = try await WorkerFixture.shared()
            let script = try fixture.script("echo_captioner_crash.py", echoCaptioner)
            let log = LogRecorder()
            let client = WorkerClient(WorkerConfiguration(command: [WorkerFixture.python, script], log: log.sink))
            _ = try await client.start()
            let first = try #require(await client.processID)
            async let hung1 = workerError { try await client.tag(imagePath: "/x/hang1.png") }
            async let hung2 = workerError { try await client.tag(imagePath: "/x/hang2.png") }
            await log.waitForLine(containing: "got hang1.png")
            await log.waitForLine(containing: "got hang2.png")
            kill(first, SIGKILL)
            for error in await [hung1, hung2] {
                #expect(error?.code == .crashed)
                #expect(error?.message.contains("signal 9") == true)
                #expect(error?.stderrTail.contains("got hang1.png") == true)
                #expect(error?.description.contains("got hang2.png") == true)
            }
            let again = try await client.tag(imagePath: "/x/fine.png")
            #expect(again.caption == "a picture named fine.png")
            let second = try #require(await client.processID)
            #expect(second != first)
            await client.shutdown()
        }

        @Test("the WD14 worker killed between requests is started again by the next one")
        func taggerRestarts() async throws {
            let fixture = try await WorkerFixture.shared()
            let client = fixture.client()
            _ = try await client.start()
            let first = try #require(await client.processID)
            kill(first, SIGKILL)
            var answer: WorkerResult?
            // The first request may still reach the dying process (and fail as crashed); the next restarts it.
            for _ in 0..<2 where answer == nil {
                do {
                    answer = try await client.tag(imagePath: fixture.image("blue.png"))
                } catch let error as WorkerError {
                    #expect(error.code == .crashed)
                }
            }
            #expect(answer?.tags.first?.name == "blue_theme")
            #expect(await client.processID != first)
            await client.shutdown()
        }

        @Test("a worker that cannot start reports its status and stderr, and is restarted a bounded number of times")
        func restartLimit() async throws {
            let client = WorkerClient(
                WorkerConfiguration(
                    command: ["/bin/sh", "-c", "echo 'cannot load model' >&2; exit 3"], maximumRestarts: 1))
            let first = await workerError { try await client.tag(imagePath: "/x/a.png") }
            #expect(first?.code == .startFailed)
            #expect(first?.message.contains("exit status 3") == true)
            #expect(first?.stderrTail == ["cannot load model"])
            #expect(await workerError { try await client.tag(imagePath: "/x/a.png") }?.code == .startFailed)
            let last = await workerError { try await client.tag(imagePath: "/x/a.png") }
            #expect(last?.code == .restartLimitReached)
            #expect(last?.message.contains("exit status 3") == true)
        }
    }
}

import Foundation
import RisaWorker
import Testing

extension WorkerSuite {
    @Suite("A bad image fails its own request only")
    struct ItemErrorTests {
        @Test("a missing file and a file that is no image fail with the worker's code; the worker goes on")
        func badImages() async throws {
            let fixture = try await WorkerFixture.shared()
            let client = fixture.client()
            _ = try await client.start()
            let pid = await client.processID
            let missing = fixture.scratch + "/no-such-image.png"
            let notImage = try fixture.script("not-an-image.png", "this is text, not a PNG\n")
            let missingError = await #expect(throws: WorkerError.self) { try await client.tag(imagePath: missing) }
            #expect(missingError?.code == .itemFailed)
            #expect(missingError?.workerCode == "image_not_found")
            #expect(missingError?.itemPath == missing)
            #expect(missingError?.message.contains(missing) == true)
            let garbageError = await #expect(throws: WorkerError.self) { try await client.tag(imagePath: notImage) }
            #expect(garbageError?.workerCode == "image_unreadable")
            #expect(try await client.tag(imagePath: fixture.image("green.png")).tags.first?.name == "green_theme")
            #expect(await client.processID == pid)
            await client.shutdown()
        }
    }
}

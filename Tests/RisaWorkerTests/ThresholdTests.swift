import RisaWorker
import Testing

extension WorkerSuite {
    @Suite("Per-request thresholds and tag limits")
    struct ThresholdTests {
        @Test("the general threshold drops the general tags below it")
        func generalThreshold() async throws {
            let fixture = try await WorkerFixture.shared()
            let client = fixture.client()
            let red = fixture.image("red.png")
            #expect(
                try await client.tag(imagePath: red, options: TagOptions(generalThreshold: 0.45)).tags.map(\.name)
                    == ["red_theme", "simple_background"])
            #expect(
                try await client.tag(imagePath: red, options: TagOptions(generalThreshold: 0.9)).tags.map(\.name)
                    == ["red_theme"])
            #expect(
                try await client.tag(imagePath: red, options: TagOptions(generalThreshold: 0.1)).tags.map(\.name)
                    == ["red_theme", "simple_background", "solo", "^_^", "lowres"])
            await client.shutdown()
        }

        @Test("the character threshold is separate: a character at 0.7 is dropped at 0.85, kept at 0.6")
        func characterThreshold() async throws {
            let fixture = try await WorkerFixture.shared()
            let client = fixture.client()
            let red = fixture.image("red.png")
            #expect(try await client.tag(imagePath: red).tags.contains { $0.name == "kasane_teto" } == false)
            let lowered = try await client.tag(imagePath: red, options: TagOptions(characterThreshold: 0.6))
            let teto = try #require(lowered.tags.first { $0.name == "kasane_teto" })
            #expect(teto.category == .character)
            #expect(abs(teto.score - 0.7) < 1e-5)
            await client.shutdown()
        }

        @Test("max tags keeps the best scores; the rating is not counted")
        func maxTags() async throws {
            let fixture = try await WorkerFixture.shared()
            let client = fixture.client()
            let red = fixture.image("red.png")
            let two = try await client.tag(imagePath: red, options: TagOptions(maxTags: 2))
            #expect(two.tags.map(\.name) == ["red_theme", "simple_background"])
            #expect(two.rating?.name == "questionable")
            #expect(try await client.tag(imagePath: red, options: TagOptions(maxTags: 0)).tags.isEmpty)
            await client.shutdown()
        }

        @Test("an out-of-range threshold fails that request only, with the worker's code")
        func invalidThreshold() async throws {
            let fixture = try await WorkerFixture.shared()
            let client = fixture.client()
            let red = fixture.image("red.png")
            let error = await #expect(throws: WorkerError.self) {
                try await client.tag(imagePath: red, options: TagOptions(generalThreshold: 1.5))
            }
            #expect(error?.code == .itemFailed)
            #expect(error?.workerCode == "bad_request")
            #expect(error?.message.contains("general_threshold") == true)
            #expect(try await client.tag(imagePath: red).tags.first?.name == "red_theme")
            await client.shutdown()
        }
    }
}

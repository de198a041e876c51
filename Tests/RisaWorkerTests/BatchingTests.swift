import RisaCore
import RisaWorker
import Testing

extension WorkerSuite {
    @Suite("Concurrent requests and the worker's batching")
    struct BatchingTests {
        @Test("50 tasks at once all get their own image's answer, and the worker batches them")
        func fiftyConcurrentRequests() async throws {
            let fixture = try await WorkerFixture.shared()
            let client = fixture.client(batchSize: 8)
            _ = try await client.start()
            let colours = [
                "red": "red_theme", "green": "green_theme", "blue": "blue_theme", "white": "white_background",
            ]
            let names = Array(colours.keys).sorted()
            let answers = try await withThrowingTaskGroup(of: (String, WorkerResult).self) { group in
                for index in 0..<50 {
                    let colour = names[index % names.count]
                    group.addTask { (colour, try await client.tag(imagePath: fixture.image(colour + ".png"))) }
                }
                var answers: [(String, WorkerResult)] = []
                for try await answer in group { answers.append(answer) }
                return answers
            }
            #expect(answers.count == 50)
            for (colour, result) in answers {
                #expect(result.tags.first?.name == colours[colour], "\(colour)")
            }
            #expect(answers.map(\.1.batchSize).max()! > 1, "no request was batched with another")
            #expect(answers.map(\.1.batchSize).max()! <= 8)
            let stats = try await client.stats()
            #expect(stats["images"] == .int(50))
            #expect((stats["batches"]?.intValue ?? 50) < 50)
            #expect(stats["model_seconds"]?.doubleValue != nil)
            await client.shutdown()
        }
    }
}

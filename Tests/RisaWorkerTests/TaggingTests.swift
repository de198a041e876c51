import RisaWorker
import Testing

extension WorkerSuite {
    @Suite("Tagging with the WD14 worker: preprocessing and default thresholds")
    struct TaggingTests {
        /// The tags of each test image under the defaults (general 0.35, character 0.85), best first.
        static let expected: [(image: String, rating: String, tags: [String])] = [
            ("red.png", "questionable", ["red_theme", "simple_background", "solo", "^_^"]),
            ("green.png", "general", ["green_theme", "simple_background", "solo", "^_^"]),
            ("blue.png", "sensitive", ["blue_theme", "simple_background", "solo", "^_^"]),
            ("blue.jpg", "sensitive", ["blue_theme", "simple_background", "solo", "^_^"]),
            ("white.png", "general", ["white_background", "simple_background", "solo", "^_^"]),
            ("black.png", "general", ["dark", "simple_background", "solo", "^_^"]),
            ("cyan.png", "general", ["hatsune_miku", "green_theme", "blue_theme", "simple_background", "solo", "^_^"]),
            ("magenta.png", "explicit", ["red_theme", "blue_theme", "simple_background", "solo", "^_^"]),
            // Alpha is composited on white: a fully transparent red image is white, not red.
            ("transparent_red.png", "general", ["white_background", "simple_background", "solo", "^_^"]),
            ("palette_red.png", "questionable", ["red_theme", "simple_background", "solo", "^_^"]),
            ("grey_white.png", "general", ["white_background", "simple_background", "solo", "^_^"]),
        ]

        @Test("images of known colours get their tags (BGR input, alpha on white), rating by argmax")
        func knownColours() async throws {
            let fixture = try await WorkerFixture.shared()
            let client = fixture.client()
            for (image, rating, tags) in Self.expected {
                let result = try await client.tag(imagePath: fixture.image(image))
                // Equal scores (cyan's and magenta's two themes) keep the tag table's order.
                #expect(result.tags.map(\.name) == tags, "\(image)")
                #expect(result.rating?.name == rating, "\(image)")
                #expect(result.rating?.category == .rating)
                #expect(result.ratings.count == 4)
                #expect(result.tags.map(\.score) == result.tags.map(\.score).sorted(by: >), "\(image): best first")
            }
            await client.shutdown()
        }

        @Test("categories and scores come through: a character tag, a kaomoji kept as it is")
        func categoriesAndScores() async throws {
            let fixture = try await WorkerFixture.shared()
            let client = fixture.client()
            let cyan = try await client.tag(imagePath: fixture.image("cyan.png"))
            let miku = try #require(cyan.tags.first)
            #expect(miku == WorkerTag(name: "hatsune_miku", category: .character, score: miku.score))
            #expect(miku.score > 0.99)
            let red = try await client.tag(imagePath: fixture.image("red.png"))
            #expect(red.tags.first { $0.name == "^_^" }?.category == .general)
            #expect(abs((red.tags.first { $0.name == "solo" }?.score ?? 0) - 0.4) < 1e-6)
            await client.shutdown()
        }

        @Test("a non-square image is padded to a square with white, centred, before resizing")
        func padsWithWhite() async throws {
            let fixture = try await WorkerFixture.shared()
            let client = fixture.client()
            // A 10x30 red strip padded to 30x30: a third red, so red_theme's logit is 0 (score 0.5).
            let result = try await client.tag(imagePath: fixture.image("tall_red.png"))
            let red = try #require(result.tags.first { $0.name == "red_theme" })
            #expect(abs(red.score - 0.5) < 0.05)
            await client.shutdown()
        }
    }
}

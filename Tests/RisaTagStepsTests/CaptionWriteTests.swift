import Foundation
import RisaCore
import RisaTags
import Testing

/// `caption.write` turns each item's tags into one caption line with the options given.
@Suite struct CaptionWriteTests {
    /// Runs tags.import (from a JSON tag table with scores) then caption.write with `options`.
    func caption(_ options: String) async throws -> (captions: [String: String?], project: Project) {
        let project = try Project()
        try project.write("media/a.png", bytes: TestImages.png(width: 8, height: 8))
        try project.write("media/empty.png", bytes: TestImages.png(width: 8, height: 8, rgb: (1, 1, 1)))
        let tags: [RisaTags.Tag] = [
            RisaTags.Tag("smile", score: 0.5), RisaTags.Tag("alice", category: .character, score: 0.9),
            RisaTags.Tag("solo", score: 0.95),
            RisaTags.Tag("general", category: .rating, score: 0.8), RisaTags.Tag("sks", category: .trigger),
            RisaTags.Tag("a girl smiling", category: .description),
        ]
        try project.write("tags.json", TagTable.json([TaggedImage(image: "a.png", tags: tags)]))
        let summary = try await project.run(
            """
            steps:
              imported:
                uses: tags.import
                with: {images: media/, table: tags.json}
              captioned:
                uses: caption.write
                with: {images: "${{ steps.imported.outputs.images }}", \(options)}
            """)
        #expect(summary.status == "succeeded", "\(summary.step("captioned")?.error ?? "")")
        let items = try project.items(summary, "captioned")
        return (items.mapValues { $0.metadata["caption"]?.stringValue }, project)
    }

    @Test func defaultsOrderByCategoryThenScoreAndAppendTheDescription() async throws {
        let (captions, project) = try await caption("separator: ', '")
        defer { project.remove() }
        #expect(captions["a.png"] == "sks, alice, solo, smile, general, a girl smiling")
        #expect(captions["empty.png"] == .some(nil))
    }

    @Test func keepTokensSeparatorPrefixSuffixAndExclusions() async throws {
        let (captions, project) = try await caption(
            "keep_fixed: true, keep_tokens_separator: '|||', exclude: [rating], description: omit, order: name, "
                + "prefix: 'photo of ', suffix: '.'"
        )
        defer { project.remove() }
        #expect(captions["a.png"] == "photo of sks, alice ||| smile, solo.")
    }

    @Test func descriptionOnlyAndAKeepCount() async throws {
        let (only, first) = try await caption("description: only")
        defer { first.remove() }
        #expect(only["a.png"] == "a girl smiling")
        let (counted, second) = try await caption("keep_tokens: 3, keep_tokens_separator: '|||', separator: ','")
        defer { second.remove() }
        #expect(counted["a.png"] == "sks,alice,solo ||| smile,general,a girl smiling")
    }

    @Test func unknownCategoriesAreRefusedByArgument() async throws {
        let project = try Project()
        defer { project.remove() }
        try project.write("media/a.png", bytes: TestImages.png(width: 8, height: 8))
        let summary = try await project.run(
            "steps:\n  c:\n    uses: caption.write\n    with: {images: media/, exclude: [ratings]}\n")
        #expect(summary.step("c")?.error?.contains("steps.c.with.exclude: unknown category 'ratings'") == true)
    }
}

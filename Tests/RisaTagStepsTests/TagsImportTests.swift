import Foundation
import RisaCore
import RisaTags
import Testing

/// `tags.import` reads tags from every source it supports, and lists bad captions per item.
@Suite struct TagsImportTests {
    static let png = TestImages.png(width: 8, height: 8)

    @Test func captionAndBooruSidecarsInTheSetAreReadAndConsumed() async throws {
        let project = try Project()
        defer { project.remove() }
        try project.write("media/a.png", bytes: Self.png)
        try project.write("media/a.txt", "1girl, character:hatsune miku,  smile\n")
        try project.write("media/b.png", bytes: TestImages.png(width: 8, height: 8, rgb: (1, 2, 3)))
        try project.write(
            "media/b.png.json",
            #"{"tag_string_general": "long_hair solo", "tag_string_artist": "someone", "rating": "g"}"#)
        try project.write("media/c.png", bytes: TestImages.png(width: 8, height: 8, rgb: (9, 9, 9)))
        let summary = try await project.run("steps:\n  tags:\n    uses: tags.import\n    with: {images: media/}\n")
        #expect(summary.status == "succeeded", "\(summary.step("tags")?.error ?? "")")
        let items = try project.items(summary, "tags")
        #expect(items.keys.sorted() == ["a.png", "b.png", "c.png"])
        let a = try TagMetadata.tags(in: try #require(items["a.png"]).metadata)
        #expect(a.map(\.name) == ["1girl", "hatsune miku", "smile"])
        #expect(a[1].category == .character)
        #expect(a[0].source == "sidecar:txt")
        let b = try TagMetadata.tags(in: try #require(items["b.png"]).metadata)
        #expect(b.map(\.name) == ["someone", "long_hair", "solo", "general"])
        #expect(b.map(\.category) == [.artist, .general, .general, .rating])
        #expect(try project.tagNames(items["c.png"]) == [])
    }

    @Test func sidecarsFolderAndSourcePathsAreSearched() async throws {
        let project = try Project()
        defer { project.remove() }
        try project.write("media/x.png", bytes: Self.png)
        try project.write("captions/x.caption", "from folder\n")
        let summary = try await project.run(
            """
            steps:
              tags:
                uses: tags.import
                with: {images: media/, sidecars: captions/, extensions: [.txt, .caption]}
            """)
        #expect(try project.tagNames(try project.items(summary, "tags")["x.png"]) == ["from folder"])

        // Items that carry a source path (here from a kohya import) find sidecars beside it.
        try project.write("old/5_x/y.png", bytes: TestImages.png(width: 4, height: 4))
        try project.write("old/5_x/y.tags", "beside the source\n")
        let chained = try await project.run(
            """
            steps:
              kohya:
                uses: tags.import
                with: {kohya: old/}
              tags:
                uses: tags.import
                with: {images: "${{ steps.kohya.outputs.images }}", extensions: [.tags]}
            """)
        #expect(try project.tagNames(try project.items(chained, "tags")["5_x/y.png"]) == ["beside the source"])
    }

    @Test func kohyaFolderImportsImagesAndTags() async throws {
        let project = try Project()
        defer { project.remove() }
        try project.write("old/10_sks woman/one.png", bytes: Self.png)
        try project.write("old/10_sks woman/one.txt", "sks, red dress\n")
        try project.write("old/10_sks woman/two.png", bytes: TestImages.png(width: 4, height: 4))
        try project.write("old/notes/readme.md", "not a subset\n")
        let reporter = LogCollector()
        let summary = try await project.run(
            "steps:\n  tags:\n    uses: tags.import\n    with: {kohya: old/}\n", reporter: reporter)
        #expect(summary.status == "succeeded", "\(summary.step("tags")?.error ?? "")")
        let items = try project.items(summary, "tags")
        #expect(items.keys.sorted() == ["10_sks woman/one.png", "10_sks woman/two.png"])
        #expect(try project.tagNames(items["10_sks woman/one.png"]) == ["sks", "red dress"])
        let one = try #require(items["10_sks woman/one.png"])
        #expect(one.metadata["kohya"]?["repeats"] == .int(10))
        #expect(one.metadata["source"]?["path"] == .string("old/10_sks woman/one.png"))
        #expect(reporter.lines.contains { $0.contains("notes") && $0.contains("skipped") })
        #expect(reporter.lines.contains { $0.contains("1 image(s) have no caption file") })
    }

    @Test func anEditedTagTableReplacesTagsAndIsKeyedByContent() async throws {
        let project = try Project()
        defer { project.remove() }
        try project.write("media/a.png", bytes: Self.png)
        try project.write("media/a.txt", "old tag\n")
        try project.write(
            "edits.csv", "image,tag,category,score,source\na.png,new tag,general,,\na.png,alice,character,,\n")
        let pipeline = "steps:\n  tags:\n    uses: tags.import\n    with: {images: media/, table: edits.csv}\n"
        let first = try await project.run(pipeline)
        #expect(try project.tagNames(try project.items(first, "tags")["a.png"]) == ["new tag", "alice"])
        #expect(try await project.run(pipeline).step("tags")?.status == "cached")
        try project.write("edits.csv", "image,tag\na.png,edited again\n")
        let third = try await project.run(pipeline)
        #expect(third.step("tags")?.status == "ran")
        #expect(try project.tagNames(try project.items(third, "tags")["a.png"]) == ["edited again"])
    }

    @Test func badCaptionsAreListedPerItemAndFailUnlessSkipped() async throws {
        let project = try Project()
        defer { project.remove() }
        try project.write("media/good.png", bytes: Self.png)
        try project.write("media/good.txt", "fine\n")
        try project.write("media/latin.png", bytes: TestImages.png(width: 8, height: 8, rgb: (5, 5, 5)))
        try project.write("media/latin.txt", bytes: [0x63, 0x61, 0x66, 0xE9, 0x0A])
        try project.write("media/empty.png", bytes: TestImages.png(width: 8, height: 8, rgb: (6, 6, 6)))
        try project.write("media/empty.txt", " , \n")
        let failing = try await project.run("steps:\n  tags:\n    uses: tags.import\n    with: {images: media/}\n")
        let error = try #require(failing.step("tags")?.error)
        #expect(error.contains("2 item(s)"), "\(error)")
        #expect(error.contains("latin.png: latin.txt: not valid UTF-8"), "\(error)")
        #expect(error.contains("empty.png: empty.txt: the caption file is empty"), "\(error)")

        let reporter = LogCollector()
        let skipped = try await project.run(
            "steps:\n  tags:\n    uses: tags.import\n    with: {images: media/, skip_bad: true}\n", reporter: reporter)
        let items = try project.items(skipped, "tags")
        #expect(items.count == 3)
        #expect(try project.tagNames(items["latin.png"]) == [])
        #expect(reporter.lines.contains { $0.contains("2 item(s) passed on without imported tags") })

        let transcoded = try await project.run(
            "steps:\n  tags:\n    uses: tags.import\n    with: {images: media/, encoding: latin1, skip_bad: true}\n")
        #expect(try project.tagNames(try project.items(transcoded, "tags")["latin.png"]) == ["café"])
    }
}

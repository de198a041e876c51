import Foundation
import RisaArchive
import RisaCore
import RisaSteps
import RisaTags
import Testing

@testable import RisaMedia

@Suite struct MediaImportStepTests {
    let step = MediaImportStep()

    func run(
        _ fixture: StepFixture, _ arguments: [String: Value]
    ) async throws -> (
        images: [ProducedItem], videos: [ProducedItem], report: Value
    ) {
        let invocation = try fixture.invocation(arguments)
        let outputs = try await step.execute(invocation)
        guard case .items(let images) = outputs["images"], case .items(let videos) = outputs["videos"] else {
            throw StepFailure("no item sets")
        }
        let report = try CanonicalJSON.parse(
            Data(contentsOf: invocation.outputDirectory.appendingPathComponent("import.json")))
        return (images, videos, report)
    }

    @Test func everyImageAndVideoFormatIsRecognisedFromItsContent() async throws {
        let fixture = try StepFixture()
        defer { fixture.remove() }
        let picture = Pictures.scene(48, 32)
        try fixture.image("media/a.jpg", picture, .jpeg(quality: 90))
        try fixture.image("media/b.png", Pictures.solid(48, 32, [10, 20, 30, 128]))
        try fixture.image("media/c.webp", picture, .webp(quality: 80))
        for (name, magick) in [("d.bmp", "BMP"), ("e.gif", "GIF"), ("f.tif", "TIFF")] {
            try fixture.write("media/" + name, MagickImage(pixels: picture).encodeBlob(magick: magick))
        }
        try fixture.write("media/turned.jpg", Pictures.rotatedJPEG(Pictures.scene(40, 20), orientation: .rightTop))
        for format in VideoFormat.allCases {
            try fixture.video(format, name: "media/clips/v-\(format.rawValue).\(format.fileExtension)", frames: 10)
        }
        let (images, videos, _) = try await run(fixture, ["paths": .list([.string(fixture.path("media"))])])
        #expect(images.map(\.name) == ["a.jpg", "b.png", "c.webp", "d.bmp", "e.gif", "f.tif", "turned.jpg"])
        #expect(
            images.map { $0.metadata["format"]?.stringValue ?? "" } == [
                "jpeg", "png", "webp", "bmp", "gif", "tiff", "jpeg",
            ])
        let turned = try #require(images.last)
        #expect((turned.metadata["width"], turned.metadata["height"]) == (.int(20), .int(40)))
        #expect(turned.metadata["box"] == .list([.int(0), .int(0), .int(20), .int(40)]))
        #expect(turned.metadata["source"]?.mapValue?["path"] == .string("media/turned.jpg"))
        #expect(videos.count == VideoFormat.allCases.count)
        for video in videos {
            #expect((video.metadata["width"], video.metadata["height"]) == (.int(160), .int(120)), "\(video.name)")
            let duration = try #require(video.metadata["duration"]?.doubleValue, "\(video.name)")
            #expect(abs(duration - 0.4) < 0.1, "\(video.name): \(duration)")
            #expect(video.metadata["fps"]?.doubleValue.map { abs($0 - 25) < 0.5 } == true, "\(video.name)")
        }
        #expect(
            Set(videos.compactMap { $0.metadata["format"]?.stringValue })
                == ["mp4", "mkv", "mov", "webm", "gif", "wmv", "vob", "ts"])
    }

    @Test func sidecarsGiveTagsAndArtist() async throws {
        let fixture = try StepFixture()
        defer { fixture.remove() }
        try fixture.image("in/one.png", Pictures.scene(20, 20, seed: 1))
        try fixture.write("in/one.txt", Array("1girl, solo, character:hatsune miku,  smile \n".utf8))
        try fixture.image("in/two.jpg", Pictures.scene(20, 20, seed: 2), .jpeg())
        let post =
            #"{"tag_string_general": "1boy outdoors", "tag_string_character": "link", "tag_string_artist": "someone", "rating": "g"}"#
        try fixture.write("in/two.jpg.json", Array(post.utf8))
        let (images, _, _) = try await run(fixture, ["paths": .list([.string(fixture.path("in"))])])
        func tags(_ item: ProducedItem) -> [String] {
            ((try? TagMetadata.tags(in: item.metadata)) ?? []).compactMap { tag in
                tag.source == "sidecar" ? "\(tag.category.rawValue):\(tag.name)" : nil
            }
        }
        #expect(tags(images[0]) == ["general:1girl", "general:solo", "character:hatsune miku", "general:smile"])
        #expect(
            tags(images[1]) == [
                "artist:someone", "character:link", "general:1boy", "general:outdoors", "rating:general",
            ])
        #expect(images[1].metadata["artist"] == .string("someone"))
        #expect(images.count == 2)
    }

    @Test func identicalFilesAreOneItemAndLyingExtensionsAreFixed() async throws {
        let fixture = try StepFixture()
        defer { fixture.remove() }
        let bytes = try MagickImage(pixels: Pictures.scene(20, 20)).encode(.png())
        try fixture.write("in/a.png", bytes)
        try fixture.write("in/copy/a-again.png", bytes)
        try fixture.write("in/photo.png", MagickImage(pixels: Pictures.scene(20, 20, seed: 5)).encode(.jpeg()))
        let (images, _, report) = try await run(
            fixture, ["paths": .list([.string(fixture.path("in"))]), "include": .list([.string("*.png")])])
        #expect(images.map(\.name) == ["a.png", "photo.jpg"])
        #expect(images[1].metadata["format"] == .string("jpeg"))
        let duplicates = try #require(report.mapValue?["duplicates"]?.listValue?.first?.mapValue)
        #expect(duplicates["kept"] == .string("in/a.png"))
        #expect(duplicates["duplicates"] == .list([.string("in/copy/a-again.png")]))
        #expect(images[0].metadata["duplicates"] == .list([.string("in/copy/a-again.png")]))
        #expect(
            fixture.logs.contains {
                $0.contains("in/photo.png: the content is jpeg, not what its extension says; imported as photo.jpg")
            })
    }

    @Test func twoFilesUnderOneNameAreAFailureNamingBoth() async throws {
        let fixture = try StepFixture()
        defer { fixture.remove() }
        try fixture.image("one/a.png", Pictures.scene(20, 20, seed: 1))
        try fixture.image("two/a.png", Pictures.scene(20, 20, seed: 2))
        let failure = await StepFixture.message {
            _ = try await run(fixture, ["paths": .list([.string(fixture.path("one")), .string(fixture.path("two"))])])
        }
        #expect(
            failure?.contains("two/a.png: its item name a.png is already taken by one/a.png") == true,
            "\(failure ?? "")")
    }

    @Test func badFilesFailTheStepNamingEachUnlessSkipped() async throws {
        let fixture = try StepFixture()
        defer { fixture.remove() }
        try fixture.image("in/good.png", Pictures.scene(20, 20))
        let jpeg = try MagickImage(pixels: Pictures.scene(64, 64)).encode(.jpeg())
        try fixture.write("in/cut.jpg", Array(jpeg.prefix(jpeg.count / 2)))
        try fixture.write("in/empty.png", [])
        try fixture.write("in/notes.bin", Array(String(repeating: "plain text, not media\n", count: 20).utf8))
        try fixture.write("in/bomb.png", Pictures.pngHeaderOnly(width: 100_000, height: 100_000))
        let arguments: [String: Value] = ["paths": .list([.string(fixture.path("in"))])]
        let failure = await StepFixture.message { _ = try await run(fixture, arguments) }
        let message = try #require(failure)
        #expect(message.hasPrefix("4 files cannot be imported (skip_bad: true leaves them out):"))
        for expected in [
            "in/bomb.png: the image is 100000x100000 pixels", "in/cut.jpg: ", "[corrupt]",
            "in/empty.png: the file is empty (0 bytes)",
            "in/notes.bin: unsupported format",
        ] {
            #expect(message.contains(expected), "\(expected) in \(message)")
        }
        var skipping = arguments
        skipping["skip_bad"] = .bool(true)
        let (images, _, report) = try await run(fixture, skipping)
        #expect(images.map(\.name) == ["good.png"])
        #expect(report.mapValue?["failed"]?.listValue?.count == 4)
    }

    @Test func aZipArchiveIsImportedInPlaceOfItsFilesWithTheirSidecars() async throws {
        let fixture = try StepFixture()
        defer { fixture.remove() }
        let png = try MagickImage(pixels: Pictures.scene(24, 16, seed: 3)).encode(.png())
        let jpeg = try MagickImage(pixels: Pictures.scene(24, 16, seed: 4)).encode(.jpeg())
        try FileManager.default.createDirectory(atPath: fixture.path("in"), withIntermediateDirectories: true)
        try ZipWriter.write(
            [.bytes("a.png", png), .text("a.txt", "character:rem, smile"), .bytes("sub/b.jpg", jpeg)],
            to: fixture.path("in/pack.zip"))
        // As a root, entries are named by their path inside the archive.
        let (images, _, _) = try await run(fixture, ["paths": .list([.string(fixture.path("in/pack.zip"))])])
        #expect(images.map(\.name) == ["a.png", "sub/b.jpg"])
        #expect(images[0].metadata["source"]?["path"] == .string("in/pack.zip!a.png"))
        #expect(images[1].metadata["format"] == .string("jpeg"))
        #expect(
            (try TagMetadata.tags(in: images[0].metadata)).map(\.description) == ["character:rem", "general:smile"])

        // Found in a folder, behind the archive's path without .zip, beside the folder's own files;
        // an archive holding no media (only a sidecar) adds nothing and does not disturb the next one.
        try fixture.image("in/c.png", Pictures.scene(20, 20, seed: 5))
        try ZipWriter.write([.text("notes.txt", "nothing to import")], to: fixture.path("in/o-notes.zip"))
        let (listed, _, _) = try await run(fixture, ["paths": .list([.string(fixture.path("in"))])])
        #expect(listed.map(\.name) == ["c.png", "pack/a.png", "pack/sub/b.jpg"])
    }

    @Test func aDamagedArchiveIsAFailedFileNamingIt() async throws {
        let fixture = try StepFixture()
        defer { fixture.remove() }
        try fixture.image("in/good.png", Pictures.scene(20, 20))
        try fixture.write("in/broken.zip", [0x50, 0x4B, 0x03, 0x04] + Array(repeating: 7, count: 40))
        let arguments: [String: Value] = ["paths": .list([.string(fixture.path("in"))])]
        let message = try #require(await StepFixture.message { _ = try await run(fixture, arguments) })
        #expect(message.hasPrefix("1 file cannot be imported"), "\(message)")
        #expect(message.contains("in/broken.zip: "), "\(message)")
        var skipping = arguments
        skipping["skip_bad"] = .bool(true)
        let (images, _, report) = try await run(fixture, skipping)
        #expect(images.map(\.name) == ["good.png"])
        #expect(report["failed"]?.listValue?.count == 1)
    }
}

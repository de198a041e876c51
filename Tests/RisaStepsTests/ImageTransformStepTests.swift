import Foundation
import RisaCore
import RisaSteps
import Testing

@testable import RisaMedia

@Suite struct ImageTransformStepTests {
    let step = ImageTransformStep()

    func box(_ item: ProducedItem) -> [Double]? {
        item.metadata["box"]?.listValue?.compactMap(\.doubleValue)
    }

    @Test func aCropOfACropIsABoxInTheFirstSourceFrame() async throws {
        let fixture = try StepFixture()
        defer { fixture.remove() }
        let source = try fixture.image("a.png", Pictures.scene(400, 200))
        let input = try fixture.item(
            source, metadata: ["box": .list([.int(0), .int(0), .int(400), .int(200)]), "keep": .string("me")])
        let first = try await fixture.process(
            step, input,
            [
                "ops": .list([
                    .map(["crop": .map(["box": .list([.int(100), .int(50), .int(200), .int(100)])])]),
                    .map(["resize": .map(["exact": .list([.int(100), .int(50)])])]),
                ])
            ])
        let middle = try #require(first.outcome.items.first)
        #expect(box(middle) == [100, 50, 200, 100])
        #expect(middle.metadata["width"] == .int(100))
        #expect(middle.metadata["keep"] == .string("me"))
        // The second crop is in the 100x50 pixels of the first result: 10 px there are 20 px of the source.
        let second = try await fixture.process(
            step,
            try fixture.item(StepFixture.file(middle, in: first.folder), name: middle.name, metadata: middle.metadata),
            [
                "ops": .list([.map(["crop": .map(["box": .list([.int(10), .int(5), .int(50), .int(25)])])])]),
                "format": .string("jpg"),
            ])
        let last = try #require(second.outcome.items.first)
        #expect(box(last) == [120, 60, 100, 50])
        #expect(last.name == "a.jpg")
        #expect(last.metadata["format"] == .string("jpeg"))
        #expect((last.metadata["width"], last.metadata["height"]) == (.int(50), .int(25)))
    }

    @Test func orientSRGBAndFlattenGiveUprightOpaqueSRGBPixels() async throws {
        let fixture = try StepFixture()
        defer { fixture.remove() }
        // Stored 40x20 with orientation 6 (rotate 90° clockwise to view): upright it is 20x40.
        let turned = try fixture.write(
            "turned.jpg", Pictures.rotatedJPEG(Pictures.marked(40, 20), orientation: .rightTop))
        let oriented = try await fixture.process(
            step, try fixture.item(turned), ["ops": .list([.map(["orient": .bool(true)])])])
        let upright = try #require(oriented.outcome.items.first)
        #expect((upright.metadata["width"], upright.metadata["height"]) == (.int(20), .int(40)))
        let corner = try Pictures.pixel(StepFixture.file(upright, in: oriented.folder), x: 17, y: 2)
        #expect(corner[0] > 180 && corner[1] < 80, "the red marker is top-right after a clockwise turn: \(corner)")

        let cmyk = try fixture.write("cmyk.jpg", Pictures.cmykJPEG(16, 16, [0, 160, 220]))
        let converted = try await fixture.process(
            step, try fixture.item(cmyk), ["ops": .list([.map(["srgb": .bool(true)])])])
        let rgb = try Pictures.pixel(
            StepFixture.file(try #require(converted.outcome.items.first), in: converted.folder), x: 8, y: 8)
        #expect(abs(Int(rgb[0]) - 0) <= 12 && abs(Int(rgb[1]) - 160) <= 12 && abs(Int(rgb[2]) - 220) <= 12, "\(rgb)")

        let halfRed = try fixture.image("alpha.png", Pictures.solid(8, 8, [255, 0, 0, 128]))
        let flat = try await fixture.process(
            step, try fixture.item(halfRed),
            ["ops": .list([.map(["flatten": .string("#00f")])]), "format": .string("jpg")])
        let mixed = try Pictures.pixel(
            StepFixture.file(try #require(flat.outcome.items.first), in: flat.folder), x: 4, y: 4)
        #expect(abs(Int(mixed[0]) - 128) <= 6 && mixed[1] < 8 && abs(Int(mixed[2]) - 127) <= 6, "\(mixed)")
    }

    @Test func theSameInputGivesTheSameBytes() async throws {
        let fixture = try StepFixture()
        defer { fixture.remove() }
        let input = try fixture.item(try fixture.image("a.png", Pictures.scene(120, 80)))
        let ops: Value = .list([
            .map(["crop": .map(["smart": .string("1:1")])]), .map(["resize": .map(["long_side": .int(40)])]),
            .map(["pad": .map(["aspect": .string("2:1"), "color": .string("#102030")])]), .string("strip"),
        ])
        var digests: [Digest] = []
        for format in ["png", "jpg", "webp"] {
            let one = try await fixture.process(step, input, ["ops": ops, "format": .string(format)])
            let two = try await fixture.process(step, input, ["ops": ops, "format": .string(format)])
            let a = try Data(contentsOf: StepFixture.file(try #require(one.outcome.items.first), in: one.folder))
            let b = try Data(contentsOf: StepFixture.file(try #require(two.outcome.items.first), in: two.folder))
            #expect(a == b, "\(format) output differs between runs")
            digests.append(Digest(of: a))
            #expect(one.outcome.items.first?.metadata["width"] == .int(80))
        }
        #expect(Set(digests).count == 3)
    }

    @Test func badOperationsNameTheirPlace() async throws {
        let fixture = try StepFixture()
        defer { fixture.remove() }
        let input = try fixture.item(try fixture.image("a.png", Pictures.scene(20, 20)))
        func failure(_ ops: Value) async -> String? {
            await StepFixture.message { _ = try await fixture.process(step, input, ["ops": ops]) }
        }
        #expect(
            await failure(.list([.string("orient"), .map(["resize": .map(["long_side": .int(0)])])]))?
                .contains("steps.s.with.ops[1].resize: long_side expects a positive whole number") == true)
        #expect(
            await failure(
                .list([
                    .map(["resize": .map(["fit": .list([.int(1), .int(2)]), "cover": .list([.int(1), .int(2)])])])
                ]))?
                .contains("ops[0].resize: give exactly one of") == true)
        #expect(
            await failure(.list([.map(["blur": .bool(true)])]))?.contains("ops[0]: unknown operation 'blur'") == true)
        #expect(
            await failure(.list([.map(["crop": .map(["center": .string("wide")])])]))?.contains(
                "ops[0].crop: center expects a ratio") == true)
        #expect(
            await failure(.list([.map(["flatten": .string("#12")])]))?.contains("ops[0].flatten: '#12' is not a colour")
                == true)
        let outside = await failure(
            .list([.map(["crop": .map(["box": .list([.int(10), .int(10), .int(20), .int(20)])])])]))
        #expect(
            outside?.hasPrefix("a.png: the crop box 20x20 at (10, 10) does not lie inside the 20x20 image") == true,
            "\(outside ?? "")")
    }

    @Test func aCorruptImageIsAnErrorNamingTheItem() async throws {
        let fixture = try StepFixture()
        defer { fixture.remove() }
        let good = try MagickImage(pixels: Pictures.scene(64, 64)).encode(.jpeg(quality: 90))
        let truncated = try fixture.write("cut.jpg", Array(good.prefix(good.count / 2)))
        let empty = try fixture.write("empty.png", [])
        let text = try fixture.write("notes.png", Array("hello".utf8))
        let bomb = try fixture.write("bomb.png", Pictures.pngHeaderOnly(width: 100_000, height: 100_000))
        for (url, reason) in [
            (truncated, "[corrupt]"), (empty, "[empty]"), (text, "[unsupportedFormat]"), (bomb, "[tooLarge]"),
        ] {
            let message = await StepFixture.message {
                _ = try await fixture.process(
                    step, try fixture.item(url, name: "in/\(url.lastPathComponent)"),
                    ["ops": .list([.string("orient")])])
            }
            #expect(message?.hasPrefix("in/\(url.lastPathComponent): ") == true, "\(message ?? "")")
            #expect(message?.contains(reason) == true, "\(message ?? "")")
        }
    }
}

import Foundation
import RisaCore
import RisaSteps
import Testing

@testable import RisaMedia

@Suite struct ImageFilterStepTests {
    let step = ImageFilterStep()

    @Test func eachRuleRejectsWithItsValue() async throws {
        let fixture = try StepFixture()
        defer { fixture.remove() }
        let wide = try fixture.item(try fixture.image("wide.png", Pictures.scene(300, 100)))
        func outcome(_ arguments: [String: Value]) async throws -> ItemOutcome {
            try await fixture.process(step, wide, arguments).outcome
        }
        #expect(try await outcome(["min_width": .int(512)]).rejection == "width 300 < min_width 512")
        #expect(try await outcome(["max_width": .int(200)]).rejection == "width 300 > max_width 200")
        #expect(try await outcome(["min_height": .int(101)]).rejection == "height 100 < min_height 101")
        #expect(try await outcome(["max_area": .int(20000)]).rejection == "area 30000 > max_area 20000")
        #expect(try await outcome(["max_aspect": .number(2.5)]).rejection == "aspect 3 > max_aspect 2.5")
        #expect(try await outcome(["min_aspect": .number(3.5)]).rejection == "aspect 3 < min_aspect 3.5")
        let kept = try await outcome(["min_width": .int(300), "max_aspect": .int(3), "monochrome": .string("drop")])
        #expect(kept.rejection == nil)
        let item = try #require(kept.items.first)
        #expect(item.content == .input(path: wide.path, digest: wide.digest, size: wide.size))
        #expect(item.name == "wide.png")
    }

    @Test func blurAndMonochrome() async throws {
        let fixture = try StepFixture()
        defer { fixture.remove() }
        let sharp = try fixture.item(try fixture.image("sharp.png", Pictures.checker(64, 64)))
        let flat = try fixture.item(try fixture.image("flat.png", Pictures.solid(64, 64, [90, 90, 90])))
        let kept = try await fixture.process(step, sharp, ["min_blur": .int(10)]).outcome
        let score = try #require(kept.items.first?.metadata["blur"]?.doubleValue)
        #expect(score > 10)
        let dropped = try await fixture.process(step, flat, ["min_blur": .int(10)]).outcome
        #expect(dropped.rejection == "blur 0 < min_blur 10")
        #expect(
            try await fixture.process(step, flat, ["monochrome": .string("drop")]).outcome.rejection
                == "monochrome (monochrome: drop)")
        let colour = try fixture.item(try fixture.image("colour.png", Pictures.scene(64, 64)))
        #expect(
            try await fixture.process(step, colour, ["monochrome": .string("only")]).outcome.rejection
                == "in colour (monochrome: only)")
        #expect(try await fixture.process(step, sharp, ["monochrome": .string("only")]).outcome.rejection == nil)
        #expect(try await fixture.process(step, flat, ["monochrome": .string("only")]).outcome.rejection == nil)
    }

    @Test func anUprightSizeIsUsed() async throws {
        let fixture = try StepFixture()
        defer { fixture.remove() }
        let turned = try fixture.item(
            try fixture.write("t.jpg", Pictures.rotatedJPEG(Pictures.scene(60, 30), orientation: .rightTop)))
        let outcome = try await fixture.process(step, turned, ["min_height": .int(50)]).outcome
        #expect(outcome.rejection == nil)
        #expect(outcome.items.first?.metadata["height"] == .int(60))
    }
}

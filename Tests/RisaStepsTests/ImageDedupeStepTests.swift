import Foundation
import RisaCore
import Testing

@testable import RisaMedia
@testable import RisaSteps

@Suite struct ImageDedupeStepTests {
    let step = ImageDedupeStep()

    /// a, its resized copy, its blurred copy; b unrelated; c unrelated.
    func images(_ fixture: StepFixture) throws -> [InputItem] {
        let a = Pictures.scene(128, 96, seed: 3)
        let small = try ImageTransform.apply([.resize(Resize(.longSide(64)))], to: MagickImage(pixels: a)).image
        return [
            try fixture.item(try fixture.image("a.png", a)),
            try fixture.item(try fixture.image("b.png", Pictures.scene(128, 96, seed: 11))),
            try fixture.item(try fixture.write("a-small.png", small.encode(.png()))),
            try fixture.item(try fixture.image("c.png", Pictures.scene(96, 128, seed: 29))),
            try fixture.item(try fixture.write("a-soft.jpg", MagickImage(pixels: a).encode(.jpeg(quality: 30)))),
        ]
    }

    @Test func nearDuplicatesFormOneGroupAndTheChosenOneIsKept() async throws {
        let fixture = try StepFixture()
        defer { fixture.remove() }
        let items = try images(fixture)
        // The half-size copy has the most detail per pixel, so it is the sharpest.
        for (keep, kept) in [("largest", "a.png"), ("first", "a.png"), ("sharpest", "a-small.png")] {
            let invocation = try fixture.invocation(["keep": .string(keep)], sets: ["images": items])
            let outputs = try await step.execute(invocation)
            guard case .items(let survivors) = outputs["images"], case .items(let rejected) = outputs["rejected"] else {
                Issue.record("no item sets")
                return
            }
            let order = ["a.png", "b.png", "a-small.png", "c.png", "a-soft.jpg"]
            let group: Set = ["a.png", "a-small.png", "a-soft.jpg"]
            #expect(survivors.map(\.name) == order.filter { !group.contains($0) || $0 == kept }, "\(keep)")
            #expect(Set(rejected.map(\.name)) == group.subtracting([kept]))
            #expect(
                rejected.allSatisfy {
                    $0.metadata["rejected"]?.stringValue?.hasPrefix("near-duplicate of \(kept) (distance ") == true
                })
            let report = try CanonicalJSON.parse(
                Data(contentsOf: invocation.outputDirectory.appendingPathComponent("groups.json")))
            let groups = try #require(report.mapValue?["groups"]?.listValue)
            #expect(groups.count == 1)
            #expect(groups[0].mapValue?["kept"] == .string(kept))
            #expect(
                groups[0].mapValue?["dropped"]?.listValue?.compactMap { $0.mapValue?["name"]?.stringValue }
                    == order.filter { group.contains($0) && $0 != kept })
        }
    }

    @Test func imagesNearAReferenceAreDropped() async throws {
        let fixture = try StepFixture()
        defer { fixture.remove() }
        let items = try images(fixture)
        let reference = try fixture.item(
            try fixture.image("ref/b.png", Pictures.scene(128, 96, seed: 11)), name: "old-b.png")
        let invocation = try fixture.invocation(
            ["hash": .string("phash"), "keep": .string("first"), "against": .string("ref")],
            sets: ["images": items, "against": [reference]])
        let outputs = try await step.execute(invocation)
        guard case .items(let survivors) = outputs["images"], case .items(let rejected) = outputs["rejected"] else {
            Issue.record("no item sets")
            return
        }
        #expect(survivors.map(\.name) == ["a.png", "c.png"])
        #expect(
            rejected.first { $0.name == "b.png" }?.metadata["rejected"]
                == .string("near-duplicate of reference old-b.png (distance 0)"))
    }

    @Test func groupingIsDeterministicAndTransitive() {
        // 0-1 within 2 bits, 1-2 within 2 bits, 0-2 four bits apart: one group through 1.
        let hashes: [UInt64] = [0b0000, 0b0011, 0b1111, 0xFFFF_0000_0000_0000]
        let grouping = DuplicateGrouping(hashes: hashes, threshold: 2) { $0 == 1 ? 1 : 0 }
        #expect(grouping.groups.map(\.kept) == [1])
        #expect(grouping.groups.first?.dropped.map(\.index) == [0, 2])
        #expect(grouping.groups.first?.dropped.map(\.distance) == [2, 2])
    }

    @Test func anUnreadableImageFailsTheStepUnlessSkipped() async throws {
        let fixture = try StepFixture()
        defer { fixture.remove() }
        var items = try images(fixture)
        items.append(try fixture.item(try fixture.write("broken.png", Array("nope".utf8))))
        let failure = await StepFixture.message {
            _ = try await step.execute(try fixture.invocation([:], sets: ["images": items]))
        }
        #expect(
            failure?.contains("cannot read 1 image:\nbroken.png: the content is not a JPEG") == true, "\(failure ?? "")"
        )
        let outputs = try await step.execute(try fixture.invocation(["skip_bad": .bool(true)], sets: ["images": items]))
        guard case .items(let rejected) = outputs["rejected"] else { return }
        #expect(
            rejected.contains {
                $0.name == "broken.png" && $0.metadata["rejected"]?.stringValue?.contains("[unsupportedFormat]") == true
            })
    }
}

import Foundation
import RisaCore
import RisaSteps
import Testing

@testable import RisaMedia

@Suite struct ImageBucketStepTests {
    let step = ImageBucketStep()

    @Test func imagesBecomeExactlyTheirKohyaBucket() async throws {
        let fixture = try StepFixture()
        defer { fixture.remove() }
        let settings = BucketSettings(resolution: PixelSize(256, 256), minSize: 128, maxSize: 512, step: 64)
        let arguments: [String: Value] = [
            "resolution": .int(256), "min_bucket_reso": .int(128), "max_bucket_reso": .int(512),
        ]
        let resources = StepResources()
        for (width, height) in [(300, 200), (120, 360), (256, 256)] {
            let url = try fixture.image("i\(width)x\(height).png", Pictures.scene(width, height))
            let input = try fixture.item(url, metadata: ["box": .list([.int(0), .int(0), .int(width), .int(height)])])
            let invocation = try fixture.invocation(arguments, resources: resources)
            let outcome = try await step.process(input, invocation)
            let item = try #require(outcome.items.first)
            let expected = BucketResolutions.select(width: width, height: height, settings: settings).bucket
            #expect(item.metadata["bucket"] == .list([.int(expected.width), .int(expected.height)]))
            let image = try MagickImage(file: StepFixture.file(item, in: invocation.outputDirectory).path)
            #expect((image.width, image.height) == (expected.width, expected.height))
            #expect((item.metadata["width"], item.metadata["height"]) == (.int(expected.width), .int(expected.height)))
            // The box covers the centre of the source with the bucket's aspect ratio.
            let box = try #require(item.metadata["box"]?.listValue).compactMap(\.doubleValue)
            #expect(abs(box[2] / box[3] - Double(expected.width) / Double(expected.height)) < 0.02)
            #expect(
                abs(box[0] + box[2] / 2 - Double(width) / 2) <= 1 && abs(box[1] + box[3] / 2 - Double(height) / 2) <= 1)
        }
        await resources.closeAll()
        #expect(fixture.logs.contains("info: bucket 256x256: 1 image"))
        #expect(fixture.logs.filter { $0.hasPrefix("info: bucket ") }.count == 3)
    }

    @Test func badSettingsNameTheArgument() async throws {
        let fixture = try StepFixture()
        defer { fixture.remove() }
        let input = try fixture.item(try fixture.image("a.png", Pictures.scene(20, 20)))
        let message = await StepFixture.message {
            _ = try await fixture.process(step, input, ["min_bucket_reso": .int(900), "max_bucket_reso": .int(512)])
        }
        #expect(message == "steps.s.with.min_bucket_reso: must be positive and at most max_bucket_reso")
    }
}

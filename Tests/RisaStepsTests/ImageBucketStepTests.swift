import Foundation
import RisaCore
import RisaEngine
import RisaState
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
        #expect(fixture.logs.contains { $0.hasSuffix("i256x256.png: bucket 256x256") })
    }

    @Test func theSummaryIsAHistogramOfTheWholeSet() {
        let outputs: [[String: Value]] = [
            ["bucket": .list([.int(832), .int(1216)])], ["bucket": .list([.int(1024), .int(1024)])],
            ["bucket": .list([.int(832), .int(1216)])], ["width": .int(3)],
        ]
        #expect(step.summary(of: outputs) == ["bucket 832x1216: 2 images", "bucket 1024x1024: 1 image"])
    }

    @Test func theHistogramCountsCachedItemsToo() async throws {
        let project = try EngineProject()
        defer { project.remove() }
        for (name, width, height) in [("a", 300, 200), ("b", 200, 300), ("c", 256, 256)] {
            try project.write("photos/\(name).png", MagickImage(pixels: Pictures.scene(width, height)).encode(.png()))
        }
        let pipeline = """
            steps:
              buckets:
                uses: image.bucket
                with: {images: photos/, resolution: 256, min_bucket_reso: 128, max_bucket_reso: 512}
            """
        func histogram(_ summary: RunSummary) async throws -> [String] {
            try await project.records.logs(run: RunID(summary.run), step: "buckets").map(\.text)
                .filter { $0.contains("bucket ") && $0.contains(" image") }
        }
        let first = try await project.run(pipeline)
        let buckets = try await histogram(first)
        #expect(buckets.count == 3 && buckets.allSatisfy { $0.hasSuffix(": 1 image") }, "\(buckets)")
        // One more image: three items from the cache, one processed; the histogram covers all four.
        try project.write("photos/d.png", MagickImage(pixels: Pictures.scene(310, 200)).encode(.png()))
        let second = try await project.run(pipeline)
        let step = try #require(second.steps.first { $0.id == "buckets" })
        #expect((step.ran, step.cached) == (1, 3))
        let all = try await histogram(second)
        #expect(all.count == 3 && all.contains { $0.hasSuffix(": 2 images") }, "\(all)")
        // A whole-batch hit logs it as well.
        let third = try await project.run(pipeline)
        #expect(try await histogram(third) == all)
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

import Testing

@testable import RisaMedia

/// Expected values computed by hand from kohya-ss/sd-scripts `make_bucket_resolutions` and
/// `BucketManager.select_bucket`.
@Suite struct ImageBucketTests {
    func sizes(_ pairs: [(Int, Int)]) -> [PixelSize] { pairs.map { PixelSize($0.0, $0.1) } }

    @Test func bucketsFor512() {
        let expected = sizes([
            (256, 832), (256, 896), (256, 960), (256, 1024), (320, 704), (320, 768), (384, 640),
            (448, 576),
            (512, 512), (576, 448), (640, 384), (704, 320), (768, 320), (832, 256), (896, 256),
            (960, 256),
            (1024, 256),
        ])
        #expect(BucketResolutions.make(BucketSettings(resolution: PixelSize(512, 512))) == expected)
    }

    @Test func bucketsFor1024WithDefaultMaximumAreAllSquareOrEdgeSizes() {
        let buckets = BucketResolutions.make(BucketSettings(resolution: PixelSize(1024, 1024)))
        let expected = Set(
            stride(from: 256, through: 1024, by: 64).flatMap {
                [PixelSize($0, 1024), PixelSize(1024, $0)]
            })
        #expect(buckets == expected.sorted())
        #expect(buckets.count == 25)
    }

    @Test func bucketsFor1024UpTo2048() {
        let buckets = BucketResolutions.make(
            BucketSettings(resolution: PixelSize(1024, 1024), maxSize: 2048))
        #expect(buckets.count == 41)
        #expect(
            Array(buckets.prefix(9))
                == sizes([
                    (256, 2048), (320, 2048), (384, 2048), (448, 2048), (512, 1856), (512, 1920), (512, 1984),
                    (512, 2048),
                    (576, 1664),
                ]))
        #expect(buckets.contains(PixelSize(832, 1216)) && buckets.contains(PixelSize(1024, 1024)))
        #expect(buckets.last == PixelSize(2048, 512))
    }

    @Test func rectangularResolution() {
        let buckets = BucketResolutions.make(BucketSettings(resolution: PixelSize(768, 512)))
        #expect(
            buckets
                == sizes([
                    (256, 1024), (320, 1024), (384, 896), (384, 960), (384, 1024), (448, 832), (512, 704),
                    (512, 768),
                    (576, 576), (576, 640), (640, 576), (704, 512), (768, 512), (832, 448), (896, 384),
                    (960, 384),
                    (1024, 256), (1024, 320), (1024, 384),
                ]))
    }

    @Test func selectionPicksTheNearestAspectAndCovers() {
        let settings = BucketSettings(resolution: PixelSize(512, 512))
        let wide = BucketResolutions.select(width: 300, height: 200, settings: settings)
        #expect(wide.bucket == PixelSize(640, 384))
        #expect(wide.resizedSize == PixelSize(640, 427))
        // An image already of a bucket's size keeps it.
        let exact = BucketResolutions.select(width: 448, height: 576, settings: settings)
        #expect(exact.bucket == PixelSize(448, 576) && exact.resizedSize == PixelSize(448, 576))
        let square = BucketResolutions.select(width: 2000, height: 2000, settings: settings)
        #expect(square.bucket == PixelSize(512, 512) && square.resizedSize == PixelSize(512, 512))
    }

    @Test func noUpscaleBucketsComeFromTheImage() {
        let big = BucketSettings(resolution: PixelSize(1024, 1024), noUpscale: true)
        let photo = BucketResolutions.select(width: 3000, height: 2000, settings: big)
        #expect(photo.bucket == PixelSize(1216, 832) && photo.resizedSize == PixelSize(1248, 832))
        let tall = BucketResolutions.select(width: 1000, height: 3000, settings: big)
        #expect(tall.bucket == PixelSize(576, 1728) && tall.resizedSize == PixelSize(576, 1728))
        let small = BucketResolutions.select(
            width: 500, height: 300,
            settings: BucketSettings(
                resolution: PixelSize(512, 512), noUpscale: true))
        #expect(small.bucket == PixelSize(448, 256) && small.resizedSize == PixelSize(500, 300))
    }
}

import Testing

@testable import RisaMedia

@Suite struct ImageAnalysisTests {
    func blurred(_ image: MagickImage) throws -> MagickImage {
        // Down and up again with a soft filter: a blurred copy of the same picture.
        let soft = image.copy()
        try soft.resample(width: image.width / 8, height: image.height / 8, filter: .triangle)
        try soft.resample(width: image.width, height: image.height, filter: .triangle)
        return soft
    }

    @Test func blurredCopyScoresLower() throws {
        let sharp = try MagickImage(pixels: ImageFixtures.marked(64, 64, marker: 8))
        let detailed = try MagickImage(pixels: ImageFixtures.gradient(256, 256))
        #expect(try ImageAnalysis.blurScore(blurred(detailed)) < ImageAnalysis.blurScore(detailed) / 4)
        #expect(try ImageAnalysis.blurScore(sharp) > 0)
        let flat = PixelBuffer(width: 10, height: 10, layout: .gray, filledWith: [7])
        #expect(ImageAnalysis.laplacianVariance(flat) == 0)
    }

    @Test func monochromeDetection() throws {
        let grey = try MagickImage(
            pixels: PixelBuffer(
                width: 20, height: 20, layout: .gray,
                bytes: (0..<400).map { UInt8($0 % 256) }))
        #expect(try ImageAnalysis.isMonochrome(grey))
        #expect(!(try ImageAnalysis.isMonochrome(MagickImage(pixels: ImageFixtures.gradient(20, 20)))))
        // One coloured pixel among 10000 grey ones does not make the picture colourful.
        var almost = PixelBuffer(width: 100, height: 100, layout: .rgb, filledWith: [90, 90, 90])
        almost.bytes[0] = 255
        #expect(try ImageAnalysis.isMonochrome(MagickImage(pixels: almost)))
    }

    @Test func hashesMatchForTheSamePictureAndDifferForOthers() throws {
        let original = try MagickImage(pixels: ImageFixtures.scene(320, 240))
        let smaller = try ImageTransform.apply([.resize(Resize(.longSide(160)))], to: original).image
        let recompressed = try MagickImage(data: smaller.encode(.jpeg(quality: 60)), label: "small.jpg")
        let other = try MagickImage(pixels: ImageFixtures.scene(320, 240, seed: 2))
        let a = (try PerceptualHash.dHash(original), try PerceptualHash.pHash(original))
        let b = (try PerceptualHash.dHash(recompressed), try PerceptualHash.pHash(recompressed))
        let c = (try PerceptualHash.dHash(other), try PerceptualHash.pHash(other))
        #expect(PerceptualHash.distance(a.0, b.0) <= 4)
        #expect(PerceptualHash.distance(a.1, b.1) <= 4)
        #expect(PerceptualHash.distance(a.0, c.0) >= 16)
        #expect(PerceptualHash.distance(a.1, c.1) >= 16)
    }

    @Test func dHashBitsFollowLeftToRight() {
        // Every row rises left to right: every bit is 1.
        let rising = PixelBuffer(
            width: 9, height: 8, layout: .gray, bytes: (0..<72).map { UInt8($0 % 9 * 20) })
        #expect(PerceptualHash.dHash(grey: rising) == UInt64.max)
        #expect(PerceptualHash.distance(0b1011, 0b0001) == 2)
    }

    @Test func pHashFollowsBrightness() {
        // Left half bright, right half dark: the first horizontal frequency dominates.
        let bytes = (0..<1024).map { UInt8($0 % 32 < 16 ? 220 : 30) }
        let hash = PerceptualHash.pHash(
            grey: PixelBuffer(width: 32, height: 32, layout: .gray, bytes: bytes))
        let mirrored = (0..<1024).map { UInt8($0 % 32 < 16 ? 30 : 220) }
        let other = PerceptualHash.pHash(
            grey: PixelBuffer(width: 32, height: 32, layout: .gray, bytes: mirrored))
        #expect(hash & (1 << 62) != 0)  // coefficient (u=1, v=0) is large and positive
        #expect(other & (1 << 62) == 0)
    }
}

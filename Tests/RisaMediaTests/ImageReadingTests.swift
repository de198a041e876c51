import Testing

@testable import RisaMedia

@Suite struct ImageReadingTests {
    @Test func readsEveryInputFormatAndReportsTheRealOne() throws {
        let pixels = ImageFixtures.gradient(40, 30)
        let cases: [(String, ImageFormat)] = [
            ("JPEG", .jpeg), ("PNG", .png), ("WEBP", .webp), ("BMP", .bmp),
            ("GIF", .gif), ("TIFF", .tiff),
        ]
        for (magick, format) in cases {
            let bytes = try ImageFixtures.encoded(pixels, as: magick)
            let info = try MagickImage.probe(data: bytes, label: "x.\(magick)")
            #expect(info.format == format)
            #expect(info.width == 40 && info.height == 30)
            let image = try MagickImage(data: bytes, label: "x")
            #expect(image.width == 40 && image.height == 30)
        }
    }

    @Test func probesSixteenBitPalettedAndAlphaPNGs() throws {
        let smooth = try MagickImage(pixels: ImageFixtures.gradient(40, 20))
        try smooth.resample(width: 20, height: 10, filter: .lanczos)  // values between 8-bit steps
        let deep = try smooth.encodeBlob(magick: "PNG", depth: 16)
        #expect(try MagickImage.probe(data: deep, label: "deep.png").bitDepth == 16)
        let palette = try ImageFixtures.encoded(ImageFixtures.marked(20, 10), as: "PNG8")
        #expect(palette[25] == 3)  // IHDR colour type 3: indexed
        let info = try MagickImage.probe(data: palette, label: "palette.png")
        #expect(info.width == 20 && !info.hasAlpha)
        let rgba = PixelBuffer(width: 4, height: 4, layout: .rgba, filledWith: [255, 0, 0, 0])
        let alpha = try ImageFixtures.encoded(rgba, as: "PNG")
        #expect(try MagickImage.probe(data: alpha, label: "alpha.png").hasAlpha)
        let decoded = try MagickImage(data: deep, label: "deep.png").pixelBuffer(.rgb)
        #expect(Array(decoded.pixel(x: 19, y: 9))[0] > 230)
    }

    @Test func animatedGIFCountsFramesAndDecodesTheFirst() throws {
        let first = try MagickImage(
            pixels: PixelBuffer(width: 8, height: 8, layout: .rgb, filledWith: [255, 0, 0]))
        let others = try [[0, 255, 0], [0, 0, 255]].map {
            try MagickImage(pixels: PixelBuffer(width: 8, height: 8, layout: .rgb, filledWith: $0))
        }
        try first.appendFrames(others)
        let gif = try first.encodeBlob(magick: "GIF")
        let info = try MagickImage.probe(data: gif, label: "anim.gif")
        #expect(info.frameCount == 3)
        let image = try MagickImage(data: gif, label: "anim.gif")
        #expect(Array(try image.pixelBuffer(.rgb).pixel(x: 4, y: 4)) == [255, 0, 0])
    }

    @Test func exifOrientationIsProbedAndKeptUntilOriented() throws {
        let image = try MagickImage(pixels: ImageFixtures.marked(40, 20))
        try image.embedProfile("exif", ImageFixtures.exif(orientation: 6))
        try image.setOrientationTag(.rightTop)
        let jpeg = try image.encode(.jpeg())
        let info = try MagickImage.probe(data: jpeg, label: "turned.jpg")
        #expect(info.orientation == .rightTop)
        #expect(info.orientedWidth == 20 && info.orientedHeight == 40)
    }

    @Test func extensionThatLiesIsIgnored() throws {
        let png = try MagickImage(pixels: ImageFixtures.gradient(10, 10)).encode(.png())
        let path = try ImageFixtures.file("really-a-png.jpg", png)
        #expect(try MagickImage.probe(file: path).format == .png)
        #expect(
            ImageFormat(fileExtension: "jpg") == .jpeg && ImageFormat(fileExtension: ".TIFF") == .tiff)
        #expect(ImageFormat(fileExtension: "txt") == nil)
        #expect(try MagickImage(file: path).width == 10)
    }

    @Test func textNamedPNGIsAnUnsupportedFormat() throws {
        let path = try ImageFixtures.file("notes.png", Array("hello, these are notes\n".utf8))
        let error = #expect(throws: ImageError.self) { try MagickImage(file: path) }
        #expect(error?.code == .unsupportedFormat)
        #expect(error?.message.contains("notes.png") == true)
    }

    @Test func formatsRisaDoesNotReadAreRefusedEvenWhenImageMagickCould() throws {
        let ppm = Array("P6\n2 1\n255\n".utf8) + [255, 0, 0, 0, 255, 0]
        let error = #expect(throws: ImageError.self) { try MagickImage(data: ppm, label: "tiny.ppm") }
        #expect(error?.code == .unsupportedFormat)
    }

    @Test func zeroByteFileIsEmpty() throws {
        let path = try ImageFixtures.file("empty.jpg", [])
        let error = #expect(throws: ImageError.self) { try MagickImage.probe(file: path) }
        #expect(error?.code == .empty)
    }

    @Test func missingFileIsUnreadable() {
        let error = #expect(throws: ImageError.self) {
            try MagickImage(file: "/nonexistent/risa/photo.jpg")
        }
        #expect(error?.code == .unreadable)
    }

    @Test func truncatedJPEGAndPNGAreCorrupt() throws {
        let pixels = ImageFixtures.noise(64, 64, seed: 1)
        for format in [ImageEncoding.jpeg(), .png()] {
            let bytes = try MagickImage(pixels: pixels).encode(format)
            for cut in [bytes.count / 2, bytes.count - 20] {
                let error = #expect(throws: ImageError.self) {
                    try MagickImage(data: Array(bytes.prefix(cut)), label: "cut.\(format.fileExtension)")
                }
                #expect(error?.code == .corrupt)
                #expect(error?.message.hasPrefix("cut.") == true)
            }
        }
    }

    @Test func decompressionBombIsRefusedBeforeDecoding() throws {
        let bomb = ImageFixtures.pngHeaderOnly(width: 100_000, height: 100_000)
        let error = #expect(throws: ImageError.self) { try MagickImage(data: bomb, label: "bomb.png") }
        #expect(error?.code == .tooLarge)
        // Under ImageMagick's own policy caps, Risa's limit is what refuses it.
        let large = ImageFixtures.pngHeaderOnly(width: 4000, height: 4000)
        let limits = ImageLimits(maxWidth: 10000, maxHeight: 10000, maxPixels: 1_000_000)
        let refused = #expect(throws: ImageError.self) {
            try MagickImage(data: large, label: "large.png", limits: limits)
        }
        #expect(refused?.code == .tooLarge)
        #expect(refused?.reason.contains("limit of 1000000") == true)
        // Risa's limits cannot lift ImageMagick's policy (16K a side here); that refusal says so.
        let wide = ImageFixtures.pngHeaderOnly(width: 70000, height: 10)
        let generous = ImageLimits(maxWidth: 100_000, maxHeight: 100_000, maxPixels: 1_000_000_000)
        let policy = #expect(throws: ImageError.self) {
            try MagickImage.probe(data: wide, label: "wide.png", limits: generous)
        }
        #expect(policy?.code == .tooLarge)
        #expect(policy?.reason.contains("policy") == true)
    }

    @Test func jpegDecodesAtReducedScaleWithAHint() throws {
        let jpeg = try MagickImage(pixels: ImageFixtures.gradient(800, 600)).encode(.jpeg())
        #expect(try MagickImage(data: jpeg, label: "a", decodeAtLeast: PixelSize(200, 150)).width == 200)
        #expect(try MagickImage(data: jpeg, label: "a", decodeAtLeast: PixelSize(300, 225)).width == 400)
        #expect(try MagickImage(data: jpeg, label: "a").width == 800)
    }

    @Test func pixelBuffersRoundTrip() throws {
        let pixels = ImageFixtures.gradient(7, 5)
        #expect(try MagickImage(pixels: pixels).pixelBuffer(.rgb) == pixels)
        let rgba = try MagickImage(pixels: pixels).pixelBuffer(.rgba)
        #expect(Array(rgba.pixel(x: 3, y: 2)) == Array(pixels.pixel(x: 3, y: 2)) + [255])
        let grey = try MagickImage(
            pixels: PixelBuffer(width: 2, height: 1, layout: .gray, bytes: [10, 200]))
        #expect(try grey.pixelBuffer(.gray).bytes == [10, 200])
    }
}

import Testing

@testable import RisaMedia

@Suite struct ImageTransformTests {
    /// A 40x20 JPEG with a red marker top-left, stored with EXIF orientation `orientation`.
    func turnedJPEG(_ orientation: ImageOrientation) throws -> MagickImage {
        let image = try MagickImage(pixels: ImageFixtures.marked(40, 20, marker: 6))
        try image.embedProfile("exif", ImageFixtures.exif(orientation: orientation.rawValue))
        try image.setOrientationTag(orientation)
        return try MagickImage(data: image.encode(.jpeg()), label: "turned.jpg")
    }

    func isRed(_ pixel: ArraySlice<UInt8>) -> Bool {
        let p = Array(pixel)
        return p[0] > 200 && p[1] < 60 && p[2] < 60
    }

    @Test func orientTurnsThePixelsAndMovesTheMarker() throws {
        // Orientation 6: shown turned 90 degrees clockwise, so the stored top-left lands top-right.
        let result = try ImageTransform.apply([.orient], to: turnedJPEG(.rightTop))
        #expect(result.image.width == 20 && result.image.height == 40)
        #expect(result.image.orientation == .topLeft)
        let pixels = try result.image.pixelBuffer(.rgb)
        #expect(isRed(pixels.pixel(x: 17, y: 2)))
        #expect(!isRed(pixels.pixel(x: 2, y: 2)))
        #expect(result.box == Box(x: 0, y: 0, width: 20, height: 40))
        let again = try MagickImage(data: result.image.encode(.jpeg()), label: "again.jpg")
        #expect(again.orientation == .topLeft)
        // Orientation 3: turned 180 degrees, the marker lands bottom-right.
        let flipped = try ImageTransform.apply([.orient], to: turnedJPEG(.bottomRight)).image
            .pixelBuffer(.rgb)
        #expect(isRed(flipped.pixel(x: 37, y: 17)))
    }

    @Test func cropBeforeOrientIsReportedInTheUprightFrame() throws {
        // Stored 40x20, shown 20x40. Cropping the stored left half (which holds the marker) keeps the
        // shown top half.
        let result = try ImageTransform.apply(
            [.crop(.box(x: 0, y: 0, width: 20, height: 20)), .orient],
            to: turnedJPEG(.rightTop))
        #expect(result.box == Box(x: 0, y: 0, width: 20, height: 20))
        #expect(result.image.width == 20 && result.image.height == 20)
        let other = try ImageTransform.apply(
            [.crop(.box(x: 20, y: 0, width: 20, height: 20))], to: turnedJPEG(.rightTop))
        #expect(other.box == Box(x: 0, y: 20, width: 20, height: 20))
    }

    @Test func cropThenResizeKeepsTheCropRegion() throws {
        let image = try MagickImage(pixels: ImageFixtures.gradient(400, 200))
        let result = try ImageTransform.apply(
            [
                .crop(.box(x: 100, y: 50, width: 200, height: 100)), .resize(Resize(.longSide(50))),
                .crop(.box(x: 0, y: 0, width: 25, height: 25)),
            ], to: image)
        #expect(result.image.width == 25 && result.image.height == 25)
        #expect(result.box == Box(x: 100, y: 50, width: 100, height: 100))
    }

    @Test func padKeepsTheBoxAndCroppingPaddingDoesNotGrowIt() throws {
        let image = try MagickImage(pixels: ImageFixtures.gradient(100, 50))
        let padded = try ImageTransform.apply(
            [.pad(.aspect(AspectRatio(1, 1)), color: .black)], to: image)
        #expect(padded.image.width == 100 && padded.image.height == 100)
        #expect(padded.box == Box(x: 0, y: 0, width: 100, height: 50))
        #expect(Array(try padded.image.pixelBuffer(.rgb).pixel(x: 50, y: 5)) == [0, 0, 0])
        let cropped = try ImageTransform.apply(
            [.pad(.size(width: 100, height: 100)), .crop(.box(x: 0, y: 0, width: 50, height: 50))],
            to: image)
        #expect(cropped.box == Box(x: 0, y: 0, width: 50, height: 25))
    }

    @Test func resizeSizesForEachMode() throws {
        func size(_ target: Resize.Target, upscale: Bool = false) throws -> PixelSize {
            try ImageTransform.resizedSize(
                width: 3000, height: 2000, resize: Resize(target, upscale: upscale))
        }
        #expect(try size(.fit(width: 1024, height: 1024)) == PixelSize(1024, 683))
        #expect(try size(.cover(width: 1024, height: 1024)) == PixelSize(1536, 1024))
        #expect(try size(.exact(width: 500, height: 500)) == PixelSize(500, 500))
        #expect(try size(.longSide(600)) == PixelSize(600, 400))
        #expect(try size(.shortSide(600)) == PixelSize(900, 600))
        #expect(try size(.longSide(6000)) == PixelSize(3000, 2000))
        #expect(try size(.longSide(6000), upscale: true) == PixelSize(6000, 4000))
        #expect(try size(.exact(width: 4000, height: 100)) == PixelSize(3000, 100))
        #expect(throws: ImageError.self) { try size(.longSide(0)) }
        let image = try MagickImage(pixels: ImageFixtures.gradient(300, 200))
        let result = try ImageTransform.apply(
            [.resize(Resize(.fit(width: 100, height: 100), filter: .mitchell))], to: image)
        #expect(result.image.width == 100 && result.image.height == 67)
    }

    @Test func centreAndSmartCrops() throws {
        // A flat grey picture with a detailed patch on the right: the smart square goes right.
        var pixels = PixelBuffer(width: 300, height: 100, layout: .rgb, filledWith: [120, 120, 120])
        let noise = ImageFixtures.noise(60, 100, seed: 7)
        for y in 0..<100 {
            for x in 0..<60 {
                for c in 0..<3 {
                    pixels.bytes[(y * 300 + 230 + x) * 3 + c] = noise.bytes[(y * 60 + x) * 3 + c]
                }
            }
        }
        let image = try MagickImage(pixels: pixels)
        let centre = try ImageTransform.apply([.crop(.center(AspectRatio(1, 1)))], to: image)
        #expect(centre.box == Box(x: 100, y: 0, width: 100, height: 100))
        let smart = try ImageTransform.apply([.crop(.smart(AspectRatio(1, 1)))], to: image)
        #expect(smart.image.width == 100 && smart.image.height == 100)
        #expect(smart.box.x >= 190)
        let repeatSmart = try ImageTransform.apply([.crop(.smart(AspectRatio(1, 1)))], to: image)
        #expect(repeatSmart.box == smart.box)
        // A uniform picture has no detail anywhere: the tie goes to the centre.
        let flat = try MagickImage(
            pixels: PixelBuffer(width: 300, height: 100, layout: .rgb, filledWith: [9, 9, 9]))
        #expect(try ImageTransform.apply([.crop(.smart(AspectRatio(1, 1)))], to: flat).box.x == 100)
    }

    @Test func cropOutsideTheImageIsAnError() throws {
        let image = try MagickImage(pixels: ImageFixtures.gradient(50, 50), label: "small.png")
        let error = #expect(throws: ImageError.self) {
            try ImageTransform.apply([.crop(.box(x: 40, y: 0, width: 20, height: 20))], to: image)
        }
        #expect(error?.code == .invalidOperation)
        #expect(error?.message.hasPrefix("small.png") == true)
    }

    @Test func flattenPutsTransparencyOnWhite() throws {
        var pixels = PixelBuffer(width: 4, height: 1, layout: .rgba, filledWith: [255, 0, 0, 255])
        pixels.bytes[3] = 0  // first pixel fully transparent
        let png = try MagickImage(pixels: pixels).encode(.png())
        let image = try MagickImage(data: png, label: "alpha.png")
        #expect(image.hasAlpha)
        let flat = try ImageTransform.apply([.flatten()], to: image).image
        #expect(!flat.hasAlpha)
        let out = try flat.pixelBuffer(.rgb)
        #expect(Array(out.pixel(x: 0, y: 0)) == [255, 255, 255])
        #expect(Array(out.pixel(x: 1, y: 0)) == [255, 0, 0])
    }

    @Test func cmykJPEGBecomesSRGB() throws {
        let cyan = try MagickImage(
            pixels: PixelBuffer(width: 8, height: 8, layout: .rgb, filledWith: [0, 255, 255]))
        try cyan.convertToCMYK()
        let jpeg = try cyan.encode(.jpeg())
        #expect(try MagickImage.probe(data: jpeg, label: "cmyk.jpg").colorspace == "CMYK")
        let result = try ImageTransform.apply([.srgb], to: MagickImage(data: jpeg, label: "cmyk.jpg"))
        #expect(result.image.colorspace == "sRGB")
        let pixel = Array(try result.image.pixelBuffer(.rgb).pixel(x: 4, y: 4))
        #expect(pixel[0] < 16 && pixel[1] > 240 && pixel[2] > 240)
    }

    @Test func theBuiltInSRGBProfileNeverChanges() {
        // Its bytes feed every `srgb` conversion of a profiled image: a change would change outputs.
        let bytes = SRGBProfile.bytes
        #expect(bytes.count == 6_652)
        #expect(Array(bytes[0..<4]) == [0, 0, 0x19, 0xFC] && Array(bytes[12..<20]) == Array("mntrRGB ".utf8))
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        #expect(hash == 0x9e11_b322_2dea_fcbe)
    }

    @Test func cmykWithAnEmbeddedProfileIsConvertedThroughTheProfile() throws {
        // Left half cyan, right half white, bottom row black: C 100%, paper, K 100% once in CMYK.
        var pixels = PixelBuffer(width: 8, height: 8, layout: .rgb, filledWith: [0, 255, 255])
        func paint(_ x: Int, _ y: Int, _ rgb: [UInt8]) {
            for channel in 0..<3 { pixels.bytes[(y * 8 + x) * 3 + channel] = rgb[channel] }
        }
        for y in 0..<8 {
            for x in 4..<8 { paint(x, y, [255, 255, 255]) }
        }
        for x in 0..<8 { paint(x, 7, [0, 0, 0]) }
        let image = try MagickImage(pixels: pixels)
        try image.convertToCMYK()
        try image.embedProfile("icc", CMYKTestProfile.bytes)
        for encoding in ["JPEG", "TIFF"] {
            let data = try image.encodeBlob(magick: encoding, depth: 8)
            let probe = try MagickImage.probe(data: data, label: "cmyk")
            #expect(probe.colorspace == "CMYK" && probe.hasICCProfile, "\(encoding)")
            let converted = try ImageTransform.apply([.srgb], to: MagickImage(data: data, label: "cmyk")).image
            #expect(converted.colorspace == "sRGB")
            #expect(!(try MagickImage.probe(data: converted.encode(.png()), label: "out.png").hasICCProfile))
            let out = try converted.pixelBuffer(.rgb)
            // Through the profile cyan prints red (the formula would give cyan back).
            let cyan = Array(out.pixel(x: 1, y: 2)).map(Int.init)
            #expect(cyan[0] > 220 && cyan[1] < 50 && cyan[2] < 50, "\(encoding): \(cyan)")
            let white = Array(out.pixel(x: 6, y: 2)).map(Int.init)
            #expect(white.allSatisfy { $0 > 245 }, "\(encoding): \(white)")
            let black = Array(out.pixel(x: 2, y: 7)).map(Int.init)
            #expect(black.allSatisfy { $0 < 12 }, "\(encoding): \(black)")
        }
    }

    @Test func iccProfiledImageIsConvertedAndTheProfileRemoved() throws {
        let image = try MagickImage(
            pixels: PixelBuffer(width: 8, height: 8, layout: .rgb, filledWith: [200, 100, 50]))
        try image.embedProfile("icc", SRGBProfile.bytes)
        let png = try image.encode(.png())
        #expect(try MagickImage.probe(data: png, label: "icc.png").hasICCProfile)
        let converted = try ImageTransform.apply([.srgb], to: MagickImage(data: png, label: "icc.png"))
            .image
        let again = try MagickImage.probe(data: converted.encode(.png()), label: "out.png")
        #expect(!again.hasICCProfile)
        let pixel = Array(try converted.pixelBuffer(.rgb).pixel(x: 0, y: 0)).map(Int.init)
        #expect(abs(pixel[0] - 200) <= 3 && abs(pixel[1] - 100) <= 3 && abs(pixel[2] - 50) <= 3)
    }

    @Test func stripRemovesProfiles() throws {
        let image = try MagickImage(pixels: ImageFixtures.gradient(8, 8))
        try image.embedProfile("icc", SRGBProfile.bytes)
        let stripped = try ImageTransform.apply([.strip], to: image).image
        #expect(!(try MagickImage.probe(data: stripped.encode(.jpeg()), label: "s.jpg").hasICCProfile))
    }

    @Test func bucketResizesToCoverAndCropsToTheBucket() throws {
        let image = try MagickImage(pixels: ImageFixtures.gradient(300, 200))
        let settings = BucketSettings(resolution: PixelSize(512, 512))
        let result = try ImageTransform.apply([.bucket(settings)], to: image)
        // Aspect 1.5: 640x384 (1.667) is nearer than 576x448 (1.286); scaled to width 640 the image is
        // 640x427, and 21 rows are cut at the top (kohya's trim_size // 2).
        #expect(result.image.width == 640 && result.image.height == 384)
        #expect(result.box.x == 0 && result.box.width == 300)
        #expect(
            abs(result.box.y - 21 * 200 / 427) < 0.01 && abs(result.box.height - 384 * 200 / 427) < 0.01)
    }

    @Test func reducedDecodeGivesTheSameGeometry() throws {
        let jpeg = try MagickImage(pixels: ImageFixtures.gradient(1200, 800)).encode(.jpeg())
        let path = try ImageFixtures.file("big.jpg", jpeg)
        let operations: [TransformOperation] = [
            .orient, .srgb, .resize(Resize(.fit(width: 300, height: 300))),
        ]
        let info = try MagickImage.probe(file: path)
        #expect(ImageTransform.decodeHint(for: operations, source: info) == PixelSize(300, 200))
        #expect(
            ImageTransform.decodeHint(for: [.crop(.center(AspectRatio(1, 1)))], source: info) == nil)
        let fast = try ImageTransform.apply(
            operations + [.crop(.box(x: 0, y: 0, width: 150, height: 200))], toFile: path)
        let slow = try ImageTransform.apply(
            operations + [.crop(.box(x: 0, y: 0, width: 150, height: 200))], to: MagickImage(file: path))
        #expect(fast.image.width == slow.image.width && fast.image.height == slow.image.height)
        #expect(fast.box == slow.box)
        #expect(fast.box == Box(x: 0, y: 0, width: 600, height: 800))
    }

    @Test func canonicalDescriptionsNameEveryArgument() {
        #expect(
            TransformOperation.resize(Resize(.longSide(1024))).canonicalDescription
                == "resize(long_side=1024,filter=lanczos,upscale=false)")
        #expect(TransformOperation.flatten().canonicalDescription == "flatten(background=#ffffff)")
        #expect(
            TransformOperation.crop(.smart(AspectRatio(16, 9))).canonicalDescription == "crop(smart=16:9)"
        )
        #expect(
            TransformOperation.pad(.aspect(AspectRatio(1, 1)), color: RGBColor(hex: "#00FF80")!)
                .canonicalDescription
                == "pad(aspect=1:1,color=#00ff80)")
        #expect(
            TransformOperation.bucket(BucketSettings(resolution: PixelSize(1024, 1024)))
                .canonicalDescription
                == "bucket(resolution=1024x1024,min=256,max=1024,step=64,no_upscale=false)")
    }
}

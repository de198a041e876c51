import Testing

@testable import RisaMedia

@Suite struct ImageEncodingTests {
    @Test func encodingsAreByteForByteRepeatable() throws {
        let pixels = ImageFixtures.gradient(64, 48)
        for encoding in [
            ImageEncoding.jpeg(), .jpeg(quality: 70), .png(), .png(compressionLevel: 9), .webp(),
            .webp(quality: 50, lossless: true),
        ] {
            let first = try MagickImage(pixels: pixels).encode(encoding)
            let second = try MagickImage(pixels: pixels).encode(encoding)
            #expect(first == second, "\(encoding.canonicalDescription)")
            #expect(try MagickImage.probe(data: first, label: "x").width == 64)
        }
    }

    @Test func decodedFilesReEncodeIdentically() throws {
        let path = try ImageFixtures.file(
            "in.png", MagickImage(pixels: ImageFixtures.gradient(32, 32)).encode(.png()))
        let a = try MagickImage(file: path).encode(.png())
        let b = try MagickImage(file: path).encode(.png())
        #expect(a == b)
    }

    @Test func decodedImagesAreWrittenInTheRequestedFormat() throws {
        let jpeg = try MagickImage(pixels: ImageFixtures.scene(40, 30)).encode(.jpeg())
        let image = try MagickImage(data: jpeg, label: "in.jpg")
        let expected: [(ImageEncoding, ImageFormat)] = [(.png(), .png), (.webp(), .webp), (.jpeg(), .jpeg)]
        for (encoding, format) in expected {
            #expect(ImageFormat.detect(try image.encode(encoding)) == format)
        }
        #expect(try image.encode(.webp(lossless: true)) != image.encode(.webp(lossless: false)))
    }

    @Test func pngHasNoTimeOrDateChunks() throws {
        let png = try MagickImage(pixels: ImageFixtures.gradient(16, 16)).encode(.png())
        var chunks: [String] = []
        var i = 8
        while i + 8 <= png.count {
            let length = png[i..<(i + 4)].reduce(0) { $0 << 8 | Int($1) }
            chunks.append(String(decoding: png[(i + 4)..<(i + 8)], as: UTF8.self))
            i += 12 + length
        }
        #expect(chunks.first == "IHDR" && chunks.last == "IEND")
        #expect(!chunks.contains("tIME"))
        #expect(!String(decoding: png, as: UTF8.self).contains("date:"))
    }

    @Test func jpegOfAnImageWithAlphaIsRefused() throws {
        let rgba = try MagickImage(
            pixels: PixelBuffer(width: 2, height: 2, layout: .rgba, filledWith: [1, 2, 3, 4]))
        let error = #expect(throws: ImageError.self) { try rgba.encode(.jpeg()) }
        #expect(error?.code == .encodeFailed)
        #expect(error?.reason.contains("flatten") == true)
        let flat = try ImageTransform.apply([.flatten()], to: rgba).image
        #expect(try flat.encode(.jpeg()).count > 0)
    }

    @Test func outOfRangeSettingsAreRefused() throws {
        let image = try MagickImage(pixels: ImageFixtures.gradient(4, 4))
        #expect(throws: ImageError.self) { try image.encode(.jpeg(quality: 0)) }
        #expect(throws: ImageError.self) { try image.encode(.png(compressionLevel: 10)) }
    }

    @Test func writesFiles() throws {
        let path = try ImageFixtures.directory().appendingPathComponent("out.webp").path
        try MagickImage(pixels: ImageFixtures.gradient(10, 10)).write(.webp(), to: path)
        #expect(try MagickImage.probe(file: path).format == .webp)
    }
}

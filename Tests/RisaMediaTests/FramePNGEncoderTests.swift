import Testing

@testable import RisaMedia

/// `FramePNGEncoder`: libavcodec's PNG coder gives lossless, deterministic PNGs of every layout.
@Suite struct FramePNGEncoderTests {
    private func gradient(_ layout: PixelBuffer.Layout, width: Int = 37, height: Int = 23) -> PixelBuffer {
        var bytes: [UInt8] = []
        for y in 0..<height {
            for x in 0..<width {
                for channel in 0..<layout.channels {
                    bytes.append(UInt8(truncatingIfNeeded: x * 7 + y * 13 + channel * 61))
                }
            }
        }
        return PixelBuffer(width: width, height: height, layout: layout, bytes: bytes)
    }

    @Test(arguments: [PixelBuffer.Layout.gray, .rgb, .rgba])
    func decodesBackToTheSamePixels(_ layout: PixelBuffer.Layout) throws {
        let pixels = gradient(layout)
        let png = try FramePNGEncoder.encode(pixels)
        #expect(Array(png.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        #expect(ImageFormat.detect(png) == .png)
        let decoded = try MagickImage(data: png, label: "encoded.png")
        #expect(decoded.width == pixels.width && decoded.height == pixels.height)
        #expect(try decoded.pixelBuffer(layout) == pixels)
    }

    @Test func theSamePixelsGiveTheSameBytesAndNoTimeChunk() throws {
        let pixels = gradient(.rgb, width: 320, height: 180)
        let first = try FramePNGEncoder.encode(pixels, compressionLevel: 6)
        #expect(try FramePNGEncoder.encode(pixels, compressionLevel: 6) == first)
        #expect(first.count > 0)
        let text = String(decoding: first, as: UTF8.self)
        #expect(!text.contains("tIME"))
        #expect(try FramePNGEncoder.encode(pixels, compressionLevel: 0).count > first.count)
    }

    @Test func anEmptyPictureIsRefused() {
        #expect(throws: VideoError.self) {
            try FramePNGEncoder.encode(PixelBuffer(width: 0, height: 0, layout: .rgb, bytes: []))
        }
    }
}

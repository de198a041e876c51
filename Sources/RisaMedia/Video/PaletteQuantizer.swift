internal import CAV

/// Maps RGB pictures to a fixed 6x7x6-level palette (252 colours, black and white exact) without
/// dithering, so GIF fixtures stay deterministic.
enum PaletteQuantizer {
    private static let redLevels = 6
    private static let greenLevels = 7
    private static let blueLevels = 6

    private static func level(_ value: UInt8, _ levels: Int) -> Int { (Int(value) * (levels - 1) + 127) / 255 }
    private static func value(_ level: Int, _ levels: Int) -> UInt32 {
        UInt32((level * 255 + (levels - 1) / 2) / (levels - 1))
    }

    /// Writes `image` into the PAL8 `frame`: indices in plane 0, the palette (0xAARRGGBB) in plane 1.
    static func fill(_ frame: UnsafeMutablePointer<AVFrame>, from image: PixelBuffer) {
        guard let indices = frame.pointee.data.0, let palette = frame.pointee.data.1 else { return }
        palette.withMemoryRebound(to: UInt32.self, capacity: 256) { entries in
            for entry in 0..<256 {
                let red = entry / (greenLevels * blueLevels)
                let green = (entry / blueLevels) % greenLevels
                let blue = entry % blueLevels
                entries[entry] =
                    entry < redLevels * greenLevels * blueLevels
                    ? 0xFF00_0000 | value(red, redLevels) << 16 | value(green, greenLevels) << 8
                        | value(blue, blueLevels)
                    : 0xFF00_0000
            }
        }
        let stride = Int(frame.pointee.linesize.0)
        let channels = image.layout.channels
        for y in 0..<image.height {
            for x in 0..<image.width {
                let offset = (y * image.width + x) * channels
                let (red, green, blue) =
                    channels >= 3
                    ? (image.bytes[offset], image.bytes[offset + 1], image.bytes[offset + 2])
                    : (image.bytes[offset], image.bytes[offset], image.bytes[offset])
                let entry =
                    (level(red, redLevels) * greenLevels + level(green, greenLevels)) * blueLevels
                    + level(blue, blueLevels)
                indices[y * stride + x] = UInt8(entry)
            }
        }
    }
}

/// An 8-bit image in memory: rows top to bottom without padding, channels interleaved.
///
/// The common currency between the video decoder (frames come out as `PixelBuffer`s) and the image
/// layer (which encodes, transforms and analyses them), so neither depends on the other's C library.
///
/// ```swift
/// let grey = PixelBuffer(width: 2, height: 1, layout: .gray, bytes: [0, 255])
/// grey.pixel(x: 1, y: 0)  // [255]
/// ```
public struct PixelBuffer: Hashable, Sendable {
    /// How the channels of one pixel are laid out.
    public enum Layout: Int, Hashable, Sendable {
        /// One channel: luminance.
        case gray = 1
        /// Red, green, blue.
        case rgb = 3
        /// Red, green, blue, alpha (straight, not premultiplied).
        case rgba = 4

        /// Bytes per pixel.
        public var channels: Int { rawValue }
    }

    /// Width in pixels.
    public let width: Int
    /// Height in pixels.
    public let height: Int
    /// The channel layout.
    public let layout: Layout
    /// `width * height * layout.channels` bytes, row by row.
    public var bytes: [UInt8]

    /// Wraps existing pixels.
    /// - Precondition: `bytes.count == width * height * layout.channels`.
    public init(width: Int, height: Int, layout: Layout, bytes: [UInt8]) {
        precondition(
            width >= 0 && height >= 0 && bytes.count == width * height * layout.channels,
            "pixel buffer of \(width)x\(height) \(layout) needs \(width * height * layout.channels) bytes, got \(bytes.count)"
        )
        self.width = width
        self.height = height
        self.layout = layout
        self.bytes = bytes
    }

    /// A buffer filled with one pixel value (`value.count == layout.channels`).
    public init(width: Int, height: Int, layout: Layout, filledWith value: [UInt8]) {
        precondition(value.count == layout.channels, "a \(layout) pixel has \(layout.channels) channels")
        var bytes = [UInt8]()
        bytes.reserveCapacity(width * height * layout.channels)
        for _ in 0..<(width * height) { bytes.append(contentsOf: value) }
        self.init(width: width, height: height, layout: layout, bytes: bytes)
    }

    /// Bytes per row.
    public var rowBytes: Int { width * layout.channels }

    /// The channels of the pixel at (`x`, `y`).
    public func pixel(x: Int, y: Int) -> ArraySlice<UInt8> {
        let start = y * rowBytes + x * layout.channels
        return bytes[start..<(start + layout.channels)]
    }
}

/// The largest image Risa agrees to decode, checked on the header before any pixel is decoded.
///
/// A decompression bomb is a small file whose header claims a huge picture (a PNG of 100000 x 100000
/// pixels of one colour compresses to a few hundred kilobytes). Risa pings the file first and refuses
/// anything beyond these limits with `ImageError.Code.tooLarge`, whatever ImageMagick's policy says.
public struct ImageLimits: Sendable, Hashable {
    /// The widest image accepted, in pixels.
    public var maxWidth: Int
    /// The tallest image accepted, in pixels.
    public var maxHeight: Int
    /// The most pixels (width x height) accepted in one frame.
    public var maxPixels: Int
    /// The most frames accepted in one file (animated GIF, multi-page TIFF).
    public var maxFrames: Int

    /// Creates limits.
    public init(maxWidth: Int, maxHeight: Int, maxPixels: Int, maxFrames: Int = 1000) {
        self.maxWidth = maxWidth
        self.maxHeight = maxHeight
        self.maxPixels = maxPixels
        self.maxFrames = maxFrames
    }

    /// 16384 pixels a side, 100 megapixels, 1000 frames: larger than any camera photo Risa expects,
    /// small enough that a decoded frame (8 bytes a pixel in ImageMagick Q16) fits in 800 MB.
    public static let `default` = ImageLimits(
        maxWidth: 16384, maxHeight: 16384, maxPixels: 100_000_000)

    /// The process-wide backstop given to ImageMagick's own width and height resources.
    static let ceiling = ImageLimits(maxWidth: 65535, maxHeight: 65535, maxPixels: 1 << 32)

    /// Throws `tooLarge` when an image of this size is beyond the limits.
    func check(width: Int, height: Int, frames: Int, file: String) throws {
        if width > maxWidth || height > maxHeight {
            throw ImageError(
                .tooLarge, file: file,
                reason:
                    "the image is \(width)x\(height) pixels, more than the limit of \(maxWidth)x\(maxHeight)")
        }
        if width.multipliedReportingOverflow(by: height).partialValue > maxPixels {
            throw ImageError(
                .tooLarge, file: file,
                reason:
                    "the image has \(width * height) pixels (\(width)x\(height)), more than the limit of "
                    + "\(maxPixels)")
        }
        if frames > maxFrames {
            throw ImageError(
                .tooLarge, file: file,
                reason: "the image has \(frames) frames, more than the limit of \(maxFrames)")
        }
    }
}

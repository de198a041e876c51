/// What a probe learns about an image file from its header, without decoding the pixels.
///
/// `width` and `height` are the stored size; `orientedWidth` and `orientedHeight` are the size a viewer
/// shows after applying the EXIF orientation (the frame provenance boxes are expressed in).
public struct ImageInfo: Sendable, Hashable {
    /// The real format, from the file's content (whatever its extension says).
    public var format: ImageFormat
    /// Stored width in pixels (of the first frame).
    public var width: Int
    /// Stored height in pixels (of the first frame).
    public var height: Int
    /// Bits per channel (8 for most files, 16 for 16-bit PNG and TIFF, 1 to 8 for palettes).
    public var bitDepth: Int
    /// ImageMagick's name of the colour space: `sRGB`, `Gray`, `CMYK`, `RGB` (linear), ...
    public var colorspace: String
    /// Whether the image has an alpha channel (including a palette's transparent entry).
    public var hasAlpha: Bool
    /// Whether an ICC colour profile is embedded.
    public var hasICCProfile: Bool
    /// The EXIF orientation (`.topLeft` when the file has none).
    public var orientation: ImageOrientation
    /// How many frames or pages the file holds (more than 1 for an animated GIF).
    public var frameCount: Int

    /// Creates a description (probes make these; tests and callers with in-memory pixels may too).
    public init(
        format: ImageFormat, width: Int, height: Int, bitDepth: Int, colorspace: String, hasAlpha: Bool,
        hasICCProfile: Bool, orientation: ImageOrientation, frameCount: Int
    ) {
        self.format = format
        self.width = width
        self.height = height
        self.bitDepth = bitDepth
        self.colorspace = colorspace
        self.hasAlpha = hasAlpha
        self.hasICCProfile = hasICCProfile
        self.orientation = orientation
        self.frameCount = frameCount
    }

    /// The width a viewer shows: the height when the orientation turns the image a quarter.
    public var orientedWidth: Int { orientation.swapsAxes ? height : width }
    /// The height a viewer shows: the width when the orientation turns the image a quarter.
    public var orientedHeight: Int { orientation.swapsAxes ? width : height }
}

internal import CMagickWand

/// One decoded image held by ImageMagick (a `MagickWand` with a single frame).
///
/// Made by reading a file or bytes (the format comes from the content, limits are checked on a ping
/// before decoding, damaged data is an error) or from a `PixelBuffer`. Not thread-safe: use one
/// instance from one thread at a time; different instances may be used on different threads at once.
///
/// ```swift
/// let image = try MagickImage(file: "photo.jpg", decodeAtLeast: PixelSize(1024, 683))  // a 3000x2000 JPEG
/// let result = try ImageTransform.apply([.orient, .srgb, .resize(.longSide(1024))], to: image)
/// let bytes = try result.image.encode(.jpeg(quality: 95))
/// ```
public final class MagickImage {
    let wand: OpaquePointer
    /// The file path or label errors name.
    public let label: String
    /// What the probe found in the source file (nil for images made from pixels).
    public let source: ImageInfo?

    init(wand: OpaquePointer, label: String, source: ImageInfo?) {
        self.wand = wand
        self.label = label
        self.source = source
    }

    deinit { DestroyMagickWand(wand) }

    /// Reads the image file at `path`, first frame only.
    ///
    /// - Parameters:
    ///   - limits: refused before decoding when the header claims a larger image.
    ///   - decodeAtLeast: the smallest stored-frame size the caller needs; a JPEG is then decoded at a
    ///     reduced scale (1/2, 1/4, 1/8) that still covers it, which is several times faster. Pixel
    ///     coordinates of the result are then not the file's: use `ImageTransform`, which tracks them.
    /// - Throws: `ImageError` (`empty`, `unsupportedFormat`, `corrupt`, `tooLarge`, `unreadable`).
    public convenience init(
        file path: String, limits: ImageLimits = .default,
        decodeAtLeast: PixelSize? = nil
    ) throws {
        try self.init(
            data: ImageFile.load(path), label: path, limits: limits, decodeAtLeast: decodeAtLeast)
    }

    /// Reads an encoded image from memory, first frame only; `label` names it in errors.
    public convenience init(
        data: [UInt8], label: String, limits: ImageLimits = .default,
        decodeAtLeast: PixelSize? = nil
    ) throws {
        let (wand, info) = try Self.decode(
            data: data, label: label, limits: limits, decodeAtLeast: decodeAtLeast)
        self.init(wand: wand, label: label, source: info)
    }

    /// Decodes the first frame of `data` into a new wand the caller owns.
    private static func decode(
        data: [UInt8], label: String, limits: ImageLimits, decodeAtLeast: PixelSize?
    ) throws -> (OpaquePointer, ImageInfo) {
        let info = try probe(data: data, label: label, limits: limits)
        let wand = NewMagickWand()!
        var keep = false
        defer { if !keep { DestroyMagickWand(wand) } }
        let action = "decoding the \(info.format.magick) data"
        _ = MagickSetFormat(wand, info.format.magick)
        if info.format == .jpeg, let size = decodeAtLeast, size.width > 0, size.height > 0 {
            _ = MagickSetOption(wand, "jpeg:size", "\(size.width)x\(size.height)")
        }
        let ok = data.withUnsafeBytes { MagickReadImageBlob(wand, $0.baseAddress, $0.count) }
        guard ok == MagickTrue else {
            throw MagickFailure.error(wand, file: label, doing: action, fallback: .corrupt)
        }
        try MagickFailure.checkWarnings(wand, file: label, doing: action)
        var result = wand
        if MagickGetNumberImages(wand) > 1 {
            _ = MagickSetIteratorIndex(wand, 0)
            guard let first = MagickGetImage(wand) else {
                throw MagickFailure.error(wand, file: label, doing: "taking the first frame")
            }
            result = first
        } else {
            keep = true
        }
        _ = MagickSetImagePage(result, 0, 0, 0, 0)
        return (result, info)
    }

    /// Makes an image from pixels (8-bit grey, RGB or RGBA, sRGB).
    public convenience init(pixels: PixelBuffer, label: String = "pixels") throws {
        MagickRuntime.start()
        guard pixels.width > 0, pixels.height > 0 else {
            throw ImageError(.invalidOperation, file: label, reason: "an image needs at least one pixel")
        }
        let map =
            switch pixels.layout {
            case .gray: "I"
            case .rgb: "RGB"
            case .rgba: "RGBA"
            }
        let wand = NewMagickWand()!
        let ok = pixels.bytes.withUnsafeBytes {
            MagickConstituteImage(wand, pixels.width, pixels.height, map, CharPixel, $0.baseAddress)
        }
        guard ok == MagickTrue else {
            let error = MagickFailure.error(wand, file: label, doing: "importing pixels")
            DestroyMagickWand(wand)
            throw error
        }
        self.init(wand: wand, label: label, source: nil)
    }

    /// A deep copy (ImageMagick copies pixels lazily, on the first write).
    public func copy() -> MagickImage {
        MagickImage(wand: CloneMagickWand(wand)!, label: label, source: source)
    }

    /// Width in pixels.
    public var width: Int { Int(MagickGetImageWidth(wand)) }
    /// Height in pixels.
    public var height: Int { Int(MagickGetImageHeight(wand)) }
    /// Whether the image has an alpha channel.
    public var hasAlpha: Bool { MagickGetImageAlphaChannel(wand) == MagickTrue }
    /// The EXIF orientation the pixels still need (`.topLeft` once oriented).
    public var orientation: ImageOrientation {
        ImageOrientation(rawValue: Int(MagickGetImageOrientation(wand).rawValue)) ?? .topLeft
    }
    /// ImageMagick's name of the current colour space (`sRGB`, `CMYK`, `Gray`, ...).
    public var colorspace: String { Self.colorspaceName(MagickGetImageColorspace(wand)) }

    /// Throws the wand's error when `ok` is false.
    func check(_ ok: MagickBooleanType, _ action: String) throws {
        if ok != MagickTrue { throw MagickFailure.error(wand, file: label, doing: action) }
    }

    /// ImageMagick's mnemonic for a colour space.
    static func colorspaceName(_ colorspace: ColorspaceType) -> String {
        guard let name = CommandOptionToMnemonic(MagickColorspaceOptions, Int(colorspace.rawValue))
        else {
            return "Undefined"
        }
        return String(cString: name)
    }
}

/// One step of an image transform. Build lists of these (the pipeline layer parses them from YAML
/// maps) and run them with `ImageTransform.apply`.
///
/// Every case has a `canonicalDescription` that names the operation and all its arguments, defaults
/// included, so equal operations give equal text for cache keys.
public enum TransformOperation: Sendable, Hashable {
    /// Applies the EXIF orientation to the pixels and sets the tag to top-left.
    case orient
    /// Converts to sRGB: through the embedded ICC profile when there is one, else from the colour space
    /// (CMYK, Gray, linear RGB) with ImageMagick's formulas; then removes the ICC profile.
    case srgb
    /// Composites the alpha channel onto an opaque colour; the result has no alpha.
    case flatten(background: RGBColor = .white)
    /// Resizes (see `Resize`).
    case resize(Resize)
    /// Crops (see `Crop`).
    case crop(Crop)
    /// Extends the canvas with a colour, centred (see `Pad`).
    case pad(Pad, color: RGBColor = .white)
    /// Removes metadata: EXIF, XMP, ICC and other profiles, comments.
    case strip
    /// kohya-style aspect-ratio bucketing: resize to cover the chosen bucket, then centre-crop to it
    /// exactly (see `BucketSettings`).
    case bucket(BucketSettings)

    /// `name(key=value,...)` with every argument, defaults included.
    public var canonicalDescription: String {
        switch self {
        case .orient: "orient"
        case .srgb: "srgb"
        case .strip: "strip"
        case .flatten(let color): "flatten(background=\(color))"
        case .resize(let resize): resize.canonicalDescription
        case .crop(let crop): crop.canonicalDescription
        case .pad(let pad, let color): "pad(\(pad.canonicalArguments),color=\(color))"
        case .bucket(let settings): "bucket(\(settings.canonicalArguments))"
        }
    }
}

/// An opaque 8-bit sRGB colour, written `#rrggbb`.
public struct RGBColor: Sendable, Hashable, CustomStringConvertible {
    /// Red.
    public var red: UInt8
    /// Green.
    public var green: UInt8
    /// Blue.
    public var blue: UInt8

    /// Creates a colour.
    public init(red: UInt8, green: UInt8, blue: UInt8) {
        self.red = red
        self.green = green
        self.blue = blue
    }

    /// Parses `#rrggbb` or `rrggbb` (either case); nil otherwise.
    public init?(hex: String) {
        let digits = hex.hasPrefix("#") ? hex.dropFirst() : Substring(hex)
        guard digits.count == 6, let value = UInt32(digits, radix: 16) else { return nil }
        self.init(red: UInt8(value >> 16), green: UInt8((value >> 8) & 0xFF), blue: UInt8(value & 0xFF))
    }

    /// White, the default background.
    public static let white = RGBColor(red: 255, green: 255, blue: 255)
    /// Black.
    public static let black = RGBColor(red: 0, green: 0, blue: 0)

    /// `#rrggbb`, lower case.
    public var description: String {
        "#"
            + [red, green, blue].map { byte in
                let text = String(byte, radix: 16)
                return text.count == 1 ? "0" + text : text
            }.joined()
    }
}

/// A width-to-height ratio such as 16:9 (both positive).
public struct AspectRatio: Sendable, Hashable, CustomStringConvertible {
    /// The width part.
    public var width: Int
    /// The height part.
    public var height: Int

    /// Creates a ratio; both parts must be positive.
    public init(_ width: Int, _ height: Int) {
        precondition(width > 0 && height > 0, "an aspect ratio needs two positive numbers")
        self.width = width
        self.height = height
    }

    /// Parses `W:H` (`16:9`); nil otherwise.
    public init?(text: String) {
        let parts = text.split(separator: ":")
        guard parts.count == 2, let w = Int(parts[0]), let h = Int(parts[1]), w > 0, h > 0 else {
            return nil
        }
        self.init(w, h)
    }

    /// `W:H`.
    public var description: String { "\(width):\(height)" }
}

/// How to resize: a target, the filter, and whether enlarging is allowed.
public struct Resize: Sendable, Hashable {
    /// The size to reach.
    public enum Target: Sendable, Hashable {
        /// Largest size inside the box, aspect kept.
        case fit(width: Int, height: Int)
        /// Smallest size that fills the box, aspect kept; one side may exceed the box.
        case cover(width: Int, height: Int)
        /// Exactly this size, aspect not kept.
        case exact(width: Int, height: Int)
        /// The longer side becomes this, aspect kept.
        case longSide(Int)
        /// The shorter side becomes this, aspect kept.
        case shortSide(Int)
    }

    /// The size to reach.
    public var target: Target
    /// The resampling filter (Lanczos by default).
    public var filter: ResizeFilter
    /// Whether the image may get larger. When false a smaller image keeps its size (for `exact`, each
    /// axis is only ever reduced).
    public var upscale: Bool

    /// Creates a resize.
    public init(_ target: Target, filter: ResizeFilter = .lanczos, upscale: Bool = false) {
        self.target = target
        self.filter = filter
        self.upscale = upscale
    }

    /// `resize(mode=fit,width=W,height=H,filter=lanczos,upscale=false)` and so on.
    public var canonicalDescription: String {
        let size =
            switch target {
            case .fit(let w, let h): "mode=fit,width=\(w),height=\(h)"
            case .cover(let w, let h): "mode=cover,width=\(w),height=\(h)"
            case .exact(let w, let h): "mode=exact,width=\(w),height=\(h)"
            case .longSide(let n): "long_side=\(n)"
            case .shortSide(let n): "short_side=\(n)"
            }
        return "resize(\(size),filter=\(filter.rawValue),upscale=\(upscale))"
    }
}

/// A resampling filter for `Resize`.
public enum ResizeFilter: String, Sendable, Hashable, CaseIterable {
    /// Lanczos (3 lobes): sharp, the default.
    case lanczos
    /// Mitchell-Netravali: softer, fewer halos.
    case mitchell
    /// Catmull-Rom.
    case catrom
    /// Bilinear.
    case triangle
    /// Area average of the covered pixels.
    case box
    /// Nearest neighbour.
    case point
}

/// How to crop.
public enum Crop: Sendable, Hashable {
    /// This rectangle of the current pixels; it must lie inside the image.
    case box(x: Int, y: Int, width: Int, height: Int)
    /// The largest centred window with this aspect ratio.
    case center(AspectRatio)
    /// The window with this aspect ratio, of the largest size, whose content has the most edges
    /// (see `SmartCrop`).
    case smart(AspectRatio)

    /// `crop(x=..,y=..,width=..,height=..)`, `crop(center=16:9)`, `crop(smart=1:1)`.
    public var canonicalDescription: String {
        switch self {
        case .box(let x, let y, let w, let h): "crop(x=\(x),y=\(y),width=\(w),height=\(h))"
        case .center(let ratio): "crop(center=\(ratio))"
        case .smart(let ratio): "crop(smart=\(ratio))"
        }
    }
}

/// How far to pad.
public enum Pad: Sendable, Hashable {
    /// To exactly this canvas size (not smaller than the image).
    case size(width: Int, height: Int)
    /// To the smallest canvas with this aspect ratio that holds the image.
    case aspect(AspectRatio)

    var canonicalArguments: String {
        switch self {
        case .size(let w, let h): "width=\(w),height=\(h)"
        case .aspect(let ratio): "aspect=\(ratio)"
        }
    }
}

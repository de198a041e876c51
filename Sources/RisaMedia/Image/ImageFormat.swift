/// An image file format Risa reads, recognised from the file's first bytes (never from its name).
public enum ImageFormat: String, Sendable, Hashable, CaseIterable {
    /// JPEG (JFIF or EXIF), including CMYK.
    case jpeg
    /// PNG, 1 to 16 bits, palette, grey, alpha.
    case png
    /// WebP, lossy or lossless.
    case webp
    /// GIF, still or animated (the first frame is used).
    case gif
    /// Windows bitmap.
    case bmp
    /// TIFF (the first page is used).
    case tiff

    /// ImageMagick's name for the coder.
    var magick: String {
        switch self {
        case .jpeg: "JPEG"
        case .png: "PNG"
        case .webp: "WEBP"
        case .gif: "GIF"
        case .bmp: "BMP"
        case .tiff: "TIFF"
        }
    }

    /// The usual file extension, without a dot.
    public var fileExtension: String {
        switch self {
        case .jpeg: "jpg"
        case .tiff: "tif"
        default: rawValue
        }
    }

    /// The format a file extension names (`jpg`, `JPEG`, `.png`, `tif`, ...), nil for others. Compare it
    /// with a probe's `format` to report files whose extension lies.
    public init?(fileExtension: String) {
        let bare = fileExtension.hasPrefix(".") ? String(fileExtension.dropFirst()) : fileExtension
        switch bare.lowercased() {
        case "jpg", "jpeg", "jpe", "jfif": self = .jpeg
        case "png": self = .png
        case "webp": self = .webp
        case "gif": self = .gif
        case "bmp", "dib": self = .bmp
        case "tif", "tiff": self = .tiff
        default: return nil
        }
    }

    /// The format whose signature starts `bytes`, or nil when the bytes are not a known image.
    ///
    /// Signatures: JPEG `FF D8 FF`; PNG `89 50 4E 47 0D 0A 1A 0A`; GIF `GIF87a`/`GIF89a`; WebP `RIFF`
    /// then `WEBP` at offset 8; TIFF `II*\0` or `MM\0*` (and BigTIFF `II+\0`/`MM\0+`); BMP `BM` with a
    /// known DIB header size at offset 14.
    public static func detect<Bytes: RandomAccessCollection>(_ bytes: Bytes) -> ImageFormat?
    where Bytes.Element == UInt8, Bytes.Index == Int {
        func starts(_ prefix: [UInt8], at offset: Int = 0) -> Bool {
            guard bytes.count >= offset + prefix.count else { return false }
            let base = bytes.startIndex + offset
            return prefix.indices.allSatisfy { bytes[base + $0] == prefix[$0] }
        }
        if starts([0xFF, 0xD8, 0xFF]) { return .jpeg }
        if starts([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return .png }
        if starts(Array("GIF87a".utf8)) || starts(Array("GIF89a".utf8)) { return .gif }
        if starts(Array("RIFF".utf8)) && starts(Array("WEBP".utf8), at: 8) { return .webp }
        if starts([0x49, 0x49, 0x2A, 0x00]) || starts([0x4D, 0x4D, 0x00, 0x2A])
            || starts([0x49, 0x49, 0x2B, 0x00]) || starts([0x4D, 0x4D, 0x00, 0x2B])
        {
            return .tiff
        }
        if starts(Array("BM".utf8)) && bytes.count >= 18 {
            let base = bytes.startIndex + 14
            let headerSize =
                Int(bytes[base]) | Int(bytes[base + 1]) << 8 | Int(bytes[base + 2]) << 16
                | Int(bytes[base + 3]) << 24
            if [12, 16, 40, 52, 56, 64, 108, 124].contains(headerSize) { return .bmp }
        }
        return nil
    }
}

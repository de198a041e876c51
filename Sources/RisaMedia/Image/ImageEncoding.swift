internal import CMagickWand

/// An output format and its settings. Encoding is deterministic: the same pixels and settings give the
/// same bytes in every run and process (no timestamps are written).
public enum ImageEncoding: Sendable, Hashable {
    /// Baseline JPEG at `quality` (1...100, default 95; 4:4:4 chroma from 90 up). An image with alpha
    /// must be flattened first.
    case jpeg(quality: Int = 95)
    /// PNG at zlib `compressionLevel` (0...9, default 6), 8 bits a channel, without `tIME` or date
    /// `tEXt` chunks.
    case png(compressionLevel: Int = 6)
    /// WebP at `quality` (0...100, default 90), or lossless.
    case webp(quality: Int = 90, lossless: Bool = false)

    /// The file extension for this format, without a dot.
    public var fileExtension: String {
        switch self {
        case .jpeg: "jpg"
        case .png: "png"
        case .webp: "webp"
        }
    }

    /// A stable text naming the format and every setting, for cache keys: `jpeg(quality=95)`.
    public var canonicalDescription: String {
        switch self {
        case .jpeg(let quality): "jpeg(quality=\(quality))"
        case .png(let level): "png(compression_level=\(level))"
        case .webp(let quality, let lossless): "webp(quality=\(quality),lossless=\(lossless))"
        }
    }
}

extension MagickImage {
    /// Encodes the image.
    ///
    /// - Throws: `ImageError` `encodeFailed` for JPEG of an image with alpha (flatten first) or settings
    ///   out of range, `library` when ImageMagick fails.
    public func encode(_ encoding: ImageEncoding) throws -> [UInt8] {
        let out = copy()
        switch encoding {
        case .jpeg(let quality):
            try checkRange(quality, 1...100, "JPEG quality")
            if hasAlpha {
                throw ImageError(
                    .encodeFailed, file: label,
                    reason: "the image has an alpha channel, which JPEG cannot store; flatten it first")
            }
            _ = MagickSetImageCompressionQuality(out.wand, quality)
            return try out.encodeBlob(magick: "JPEG")
        case .png(let level):
            try checkRange(level, 0...9, "PNG compression level")
            _ = MagickSetOption(out.wand, "png:compression-level", String(level))
            return try out.encodeBlob(magick: "PNG")
        case .webp(let quality, let lossless):
            try checkRange(quality, 0...100, "WebP quality")
            _ = MagickSetImageCompressionQuality(out.wand, quality)
            _ = MagickSetOption(out.wand, "webp:lossless", lossless ? "true" : "false")
            return try out.encodeBlob(magick: "WEBP")
        }
    }

    /// Encodes the image and writes it to `path`, replacing any file there.
    public func write(_ encoding: ImageEncoding, to path: String) throws {
        try ImageFile.store(encode(encoding), to: path)
    }

    /// Encodes with any ImageMagick coder (`BMP`, `GIF`, `TIFF`, ...), 8 bits a channel, with the
    /// time-stamp properties and PNG time chunks removed so the bytes do not depend on the clock.
    func encodeBlob(magick: String, depth: Int = 8) throws -> [UInt8] {
        for property in ["date:create", "date:modify", "date:timestamp"] {
            _ = MagickDeleteImageProperty(wand, property)
        }
        _ = MagickSetOption(wand, "png:exclude-chunk", "date,time")
        _ = MagickSetOption(wand, "png:exclude-chunks", "date,time")
        _ = MagickSetImageDepth(wand, depth)
        if depth > 8 { _ = MagickSetOption(wand, "png:bit-depth", String(depth)) }
        // Both the image's format and the wand's: a wand that read a JPEG keeps "JPEG" as its own format,
        // and ImageToBlob prefers that one.
        try check(MagickSetImageFormat(wand, magick), "choosing the \(magick) encoder")
        try check(MagickSetFormat(wand, magick), "choosing the \(magick) encoder")
        MagickResetIterator(wand)
        var length = 0
        guard let blob = MagickGetImagesBlob(wand, &length) else {
            throw MagickFailure.error(
                wand, file: label, doing: "encoding as \(magick)", fallback: .encodeFailed)
        }
        defer { MagickRelinquishMemory(blob) }
        MagickClearException(wand)
        return Array(UnsafeBufferPointer(start: blob, count: length))
    }

    private func checkRange(_ value: Int, _ range: ClosedRange<Int>, _ what: String) throws {
        guard range.contains(value) else {
            throw ImageError(
                .encodeFailed, file: label,
                reason: "\(what) must be between \(range.lowerBound) and \(range.upperBound), not \(value)")
        }
    }
}

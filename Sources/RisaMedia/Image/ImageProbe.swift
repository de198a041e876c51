internal import CMagickWand

extension MagickImage {
    /// Describes the image file at `path` from its header, without decoding the pixels.
    ///
    /// - Throws: `ImageError`: `empty` for a zero-byte file, `unsupportedFormat` when the content is
    ///   none of the formats in `ImageFormat` (whatever the extension says), `corrupt` when the header is
    ///   damaged, `tooLarge` when it claims more than `limits`.
    public static func probe(file path: String, limits: ImageLimits = .default) throws -> ImageInfo {
        try probe(data: ImageFile.load(path), label: path, limits: limits)
    }

    /// Describes an encoded image held in memory; `label` names it in errors.
    public static func probe(
        data: [UInt8], label: String, limits: ImageLimits = .default
    ) throws
        -> ImageInfo
    {
        guard !data.isEmpty else {
            throw ImageError(.empty, file: label, reason: "the file is empty (0 bytes)")
        }
        guard let format = ImageFormat.detect(data) else {
            let head = data.prefix(8).map { byte in
                let hex = String(byte, radix: 16, uppercase: true)
                return hex.count == 1 ? "0" + hex : hex
            }.joined(separator: " ")
            throw ImageError(
                .unsupportedFormat, file: label,
                reason:
                    "the content is not a JPEG, PNG, WebP, GIF, BMP or TIFF image (it starts with \(head))")
        }
        MagickRuntime.start()
        if let claimed = HeaderSize.read(data, format: format) {
            try limits.check(width: claimed.width, height: claimed.height, frames: 1, file: label)
            try checkPolicy(width: claimed.width, height: claimed.height, file: label)
        }
        let wand = NewMagickWand()!
        defer { DestroyMagickWand(wand) }
        _ = MagickSetFormat(wand, format.magick)
        let ok = data.withUnsafeBytes { MagickPingImageBlob(wand, $0.baseAddress, $0.count) }
        guard ok == MagickTrue else {
            throw MagickFailure.error(
                wand, file: label, doing: "reading the \(format.magick) header", fallback: .corrupt)
        }
        MagickClearException(wand)
        let frames = Int(MagickGetNumberImages(wand))
        MagickResetIterator(wand)
        _ = MagickSetIteratorIndex(wand, 0)
        let width = Int(MagickGetImageWidth(wand))
        let height = Int(MagickGetImageHeight(wand))
        guard width > 0, height > 0 else {
            throw ImageError(
                .corrupt, file: label, reason: "the header gives a size of \(width)x\(height)")
        }
        try limits.check(width: width, height: height, frames: frames, file: label)
        var profileLength = 0
        let profile = MagickGetImageProfile(wand, "icc", &profileLength)
        if let profile { MagickRelinquishMemory(profile) }
        return ImageInfo(
            format: format, width: width, height: height, bitDepth: Int(MagickGetImageDepth(wand)),
            colorspace: colorspaceName(MagickGetImageColorspace(wand)),
            hasAlpha: MagickGetImageAlphaChannel(wand) == MagickTrue,
            hasICCProfile: profile != nil && profileLength > 0,
            orientation: ImageOrientation(rawValue: Int(MagickGetImageOrientation(wand).rawValue))
                ?? .topLeft,
            frameCount: frames)
    }

    /// ImageMagick's policy file can only lower limits; its ping then fails without a reason, so a size
    /// beyond the policy is reported here, naming the policy.
    private static func checkPolicy(width: Int, height: Int, file: String) throws {
        let maxWidth = MagickGetResourceLimit(WidthResource)
        let maxHeight = MagickGetResourceLimit(HeightResource)
        if UInt64(width) > maxWidth || UInt64(height) > maxHeight {
            throw ImageError(
                .tooLarge, file: file,
                reason: "the image is \(width)x\(height) pixels, more than ImageMagick's policy allows "
                    + "(\(maxWidth)x\(maxHeight), see /etc/ImageMagick-6/policy.xml)")
        }
    }
}

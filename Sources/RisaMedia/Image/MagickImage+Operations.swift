internal import CMagickWand

/// The ImageMagick calls behind each `TransformOperation`, on the image in place. Geometry arguments
/// are checked by `ImageTransform`, which also tracks the provenance box.
extension MagickImage {
    /// Turns the pixels upright by the EXIF orientation and sets the tag to top-left (also in EXIF).
    func applyOrientation() throws {
        guard orientation != .topLeft else { return }
        try check(MagickAutoOrientImage(wand), "applying the EXIF orientation")
        _ = MagickSetImageOrientation(wand, TopLeftOrientation)
        _ = MagickSetImageProperty(wand, "exif:Orientation", "1")
    }

    /// Converts to sRGB through the embedded ICC profile when there is one, else by colour-space
    /// formulas; removes the ICC profile.
    func convertToSRGB() throws {
        var length = 0
        if let profile = MagickGetImageProfile(wand, "icc", &length) {
            MagickRelinquishMemory(profile)
            let target = SRGBProfile.bytes
            let ok = target.withUnsafeBytes { MagickProfileImage(wand, "icc", $0.baseAddress, $0.count) }
            try check(ok, "converting through the embedded ICC profile to sRGB")
            if let removed = MagickRemoveImageProfile(wand, "icc", &length) {
                MagickRelinquishMemory(removed)
            }
        }
        if MagickGetImageColorspace(wand) != sRGBColorspace {
            try check(MagickTransformImageColorspace(wand, sRGBColorspace), "converting to sRGB")
        }
    }

    /// Composites alpha onto `color`; no-op without alpha.
    func flatten(onto color: RGBColor) throws {
        guard hasAlpha else { return }
        try withPixelWand(color) { _ = MagickSetImageBackgroundColor(wand, $0) }
        try check(MagickSetImageAlphaChannel(wand, RemoveAlphaChannel), "flattening the alpha channel")
        try check(
            MagickSetImageAlphaChannel(wand, DeactivateAlphaChannel), "dropping the alpha channel")
    }

    /// Resamples to `width` x `height` with `filter`.
    func resample(width: Int, height: Int, filter: ResizeFilter) throws {
        guard width != self.width || height != self.height else { return }
        try check(
            MagickResizeImage(wand, width, height, filter.magick, 1.0), "resizing to \(width)x\(height)")
    }

    /// Keeps the rectangle (in current pixels; the caller checks it lies inside).
    func cropPixels(x: Int, y: Int, width: Int, height: Int) throws {
        guard x != 0 || y != 0 || width != self.width || height != self.height else { return }
        try check(
            MagickCropImage(wand, width, height, x, y), "cropping to \(width)x\(height)+\(x)+\(y)")
        _ = MagickSetImagePage(wand, 0, 0, 0, 0)
    }

    /// Places the image at (`x`, `y`) on a `width` x `height` canvas of `color`; alpha is kept as is.
    func extend(width: Int, height: Int, x: Int, y: Int, color: RGBColor) throws {
        guard width != self.width || height != self.height else { return }
        try withPixelWand(color) { _ = MagickSetImageBackgroundColor(wand, $0) }
        // Copy, not Over: transparent pixels stay transparent instead of taking the padding colour.
        _ = MagickSetImageCompose(wand, CopyCompositeOp)
        try check(MagickExtentImage(wand, width, height, -x, -y), "padding to \(width)x\(height)")
        _ = MagickSetImagePage(wand, 0, 0, 0, 0)
    }

    /// Removes profiles, comments and other metadata.
    func stripMetadata() throws {
        try check(MagickStripImage(wand), "removing metadata")
    }

    private func withPixelWand(_ color: RGBColor, _ body: (OpaquePointer) throws -> Void) throws {
        let pixel = NewPixelWand()!
        defer { DestroyPixelWand(pixel) }
        PixelSetRed(pixel, Double(color.red) / 255)
        PixelSetGreen(pixel, Double(color.green) / 255)
        PixelSetBlue(pixel, Double(color.blue) / 255)
        PixelSetAlpha(pixel, 1)
        try body(pixel)
    }
}

extension ResizeFilter {
    var magick: FilterTypes {
        switch self {
        case .lanczos: LanczosFilter
        case .mitchell: MitchellFilter
        case .catrom: CatromFilter
        case .triangle: TriangleFilter
        case .box: BoxFilter
        case .point: PointFilter
        }
    }
}

internal import CMagickWand

extension MagickImage {
    /// Appends copies of `frames` after this image's frames (to write animated GIFs and multi-page
    /// TIFFs with `encodeBlob`).
    func appendFrames(_ frames: [MagickImage]) throws {
        for frame in frames {
            MagickSetLastIterator(wand)
            try check(MagickAddImage(wand, frame.wand), "adding a frame")
        }
        MagickResetIterator(wand)
    }

    /// Sets the EXIF orientation tag without touching the pixels.
    func setOrientationTag(_ orientation: ImageOrientation) throws {
        try check(
            MagickSetImageOrientation(wand, OrientationType(UInt32(orientation.rawValue))),
            "setting the orientation")
    }

    /// Converts the pixels to CMYK (ImageMagick's simple formula, no profile).
    func convertToCMYK() throws {
        try check(MagickTransformImageColorspace(wand, CMYKColorspace), "converting to CMYK")
    }

    /// Embeds a profile (`icc`, `exif`, ...) without converting the pixels.
    func embedProfile(_ name: String, _ profile: [UInt8]) throws {
        let ok = profile.withUnsafeBytes { MagickSetImageProfile(wand, name, $0.baseAddress, $0.count) }
        try check(ok, "embedding the \(name) profile")
    }
}

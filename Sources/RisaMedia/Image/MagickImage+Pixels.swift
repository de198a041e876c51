internal import CMagickWand

extension MagickImage {
    /// The pixels as 8-bit values in `layout`.
    ///
    /// `.rgb` and `.rgba` are the channels as stored (convert with `.srgb` first for CMYK images);
    /// `.rgba` of an image without alpha has alpha 255. `.gray` is the luma
    /// `(299 R + 587 G + 114 B + 500) / 1000` of the 8-bit channels (ITU-R BT.601, as PIL's `L` mode),
    /// alpha ignored.
    public func pixelBuffer(_ layout: PixelBuffer.Layout) throws -> PixelBuffer {
        let (w, h) = (width, height)
        let map = layout == .rgba ? "RGBA" : "RGB"
        let channels = map.count
        var bytes = [UInt8](repeating: 0, count: w * h * channels)
        let ok = bytes.withUnsafeMutableBytes {
            MagickExportImagePixels(wand, 0, 0, w, h, map, CharPixel, $0.baseAddress)
        }
        try check(ok, "exporting pixels")
        guard layout == .gray else {
            return PixelBuffer(width: w, height: h, layout: layout, bytes: bytes)
        }
        var grey = [UInt8](repeating: 0, count: w * h)
        for i in 0..<(w * h) {
            let r = Int(bytes[3 * i])
            let g = Int(bytes[3 * i + 1])
            let b = Int(bytes[3 * i + 2])
            grey[i] = UInt8((299 * r + 587 * g + 114 * b + 500) / 1000)
        }
        return PixelBuffer(width: w, height: h, layout: .gray, bytes: grey)
    }

    /// A grey copy whose longer side is at most `longSide` (area-averaged with a box filter, never
    /// enlarged), as the analyses use: the same picture at any resolution gives nearly the same copy.
    public func greyThumbnail(longSide: Int) throws -> PixelBuffer {
        let small = copy()
        let scale = min(1, Double(longSide) / Double(max(width, height)))
        let w = max(1, Int((Double(width) * scale).rounded()))
        let h = max(1, Int((Double(height) * scale).rounded()))
        try small.resample(width: w, height: h, filter: .box)
        return try small.pixelBuffer(.gray)
    }

    /// A grey copy of exactly `width` x `height` (aspect not kept; box filter), for hashes.
    func greyResampled(width: Int, height: Int) throws -> PixelBuffer {
        let small = copy()
        try small.resample(width: width, height: height, filter: .box)
        return try small.pixelBuffer(.gray)
    }
}

/// Measurements for filters: sharpness and colourfulness, computed in Swift on small normalised
/// copies so that the same picture scores the same at any resolution.
public enum ImageAnalysis {
    /// The longer side of the grey copy the blur score is measured on.
    public static let blurLongSide = 512

    /// Sharpness: the variance of the 4-neighbour Laplacian
    /// (`above + below + left + right - 4 * centre`) over the interior pixels of a grey copy whose
    /// longer side is `blurLongSide` (512; smaller images are not enlarged). Grey is BT.601 luma on
    /// 0...255, so scores are comparable with OpenCV's `cv2.Laplacian(grey, CV_64F).var()` at that size.
    /// Low means blurry; a threshold of roughly 100 is common for photos.
    public static func blurScore(_ image: MagickImage) throws -> Double {
        laplacianVariance(try image.greyThumbnail(longSide: blurLongSide))
    }

    /// The variance of the Laplacian of a grey buffer (0 for buffers smaller than 3x3).
    public static func laplacianVariance(_ grey: PixelBuffer) -> Double {
        precondition(grey.layout == .gray, "the Laplacian is taken on a grey buffer")
        let (w, h) = (grey.width, grey.height)
        guard w >= 3, h >= 3 else { return 0 }
        var sum = 0.0
        var squares = 0.0
        grey.bytes.withUnsafeBufferPointer { p in
            for y in 1..<(h - 1) {
                for x in 1..<(w - 1) {
                    let i = y * w + x
                    let v = Double(
                        Int(p[i - w]) + Int(p[i + w]) + Int(p[i - 1]) + Int(p[i + 1]) - 4 * Int(p[i]))
                    sum += v
                    squares += v * v
                }
            }
        }
        let n = Double((w - 2) * (h - 2))
        let mean = sum / n
        return squares / n - mean * mean
    }

    /// How colourful the image is: the 99.5th percentile over the pixels of the chroma
    /// `max(R, G, B) - min(R, G, B)` (0...255), on a copy whose longer side is at most 256 (alpha
    /// ignored; convert CMYK with `.srgb` first). A percentile rather than the maximum, so a few stray
    /// coloured pixels (JPEG noise on edges, a signature) do not count.
    public static func chroma(_ image: MagickImage) throws -> Int {
        let small = image.copy()
        let scale = min(1, 256 / Double(max(image.width, image.height)))
        try small.resample(
            width: max(1, Int((Double(image.width) * scale).rounded())),
            height: max(1, Int((Double(image.height) * scale).rounded())), filter: .box)
        let rgb = try small.pixelBuffer(.rgb)
        var histogram = [Int](repeating: 0, count: 256)
        for i in stride(from: 0, to: rgb.bytes.count, by: 3) {
            let r = rgb.bytes[i]
            let g = rgb.bytes[i + 1]
            let b = rgb.bytes[i + 2]
            histogram[Int(max(r, g, b) - min(r, g, b))] += 1
        }
        let allowed = (rgb.width * rgb.height) / 200
        var above = 0
        for value in stride(from: 255, through: 0, by: -1) {
            above += histogram[value]
            if above > allowed { return value }
        }
        return 0
    }

    /// Whether the image is monochrome (greyscale, or nearly: sepia-free scans, line art): `chroma` is
    /// at most `threshold` (default 12 of 255).
    public static func isMonochrome(_ image: MagickImage, threshold: Int = 12) throws -> Bool {
        try chroma(image) <= threshold
    }
}

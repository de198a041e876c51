/// Chooses where a crop window goes so that it keeps the most detailed part of the picture.
///
/// Detail is edge energy: on a grey copy whose longer side is at most 256 pixels, each pixel scores
/// `|right - left| + |below - above|` (central differences, zero on the border). The window keeps the
/// aspect ratio and the largest size that fits, so it can only slide along one axis; every position
/// on the small grid is scored by the sum inside it. The highest sum wins; among equal sums, the
/// position nearest the centre, then the smaller offset. The result is deterministic.
enum SmartCrop {
    /// The best offset, in grey-grid pixels, of a window `window` long sliding along a profile of
    /// per-row or per-column `energy`.
    static func bestOffset(energy: [Int], window: Int) -> Int {
        let positions = energy.count - window + 1
        guard positions > 1 else { return 0 }
        var sum = energy[0..<window].reduce(0, +)
        let centre = Double(positions - 1) / 2
        var best = (offset: 0, sum: sum)
        for offset in 1..<positions {
            sum += energy[offset + window - 1] - energy[offset - 1]
            let nearer = abs(Double(offset) - centre) < abs(Double(best.offset) - centre)
            if sum > best.sum || (sum == best.sum && nearer) { best = (offset, sum) }
        }
        return best.offset
    }

    /// The edge energy of each column (`alongX`) or row of a grey buffer.
    static func energyProfile(_ grey: PixelBuffer, alongX: Bool) -> [Int] {
        let (w, h) = (grey.width, grey.height)
        var profile = [Int](repeating: 0, count: alongX ? w : h)
        guard w >= 3, h >= 3 else { return profile }
        grey.bytes.withUnsafeBufferPointer { p in
            for y in 1..<(h - 1) {
                for x in 1..<(w - 1) {
                    let i = y * w + x
                    let e = abs(Int(p[i + 1]) - Int(p[i - 1])) + abs(Int(p[i + w]) - Int(p[i - w]))
                    profile[alongX ? x : y] += e
                }
            }
        }
        return profile
    }

    /// The window of `aspect` (largest that fits) in a `width` x `height` image with the most detail.
    static func window(
        in image: MagickImage, aspect: AspectRatio
    ) throws -> (
        x: Int, y: Int, width: Int, height: Int
    ) {
        let (w, h) = (image.width, image.height)
        let (cw, ch) = centredWindowSize(width: w, height: h, aspect: aspect)
        if cw == w && ch == h { return (0, 0, w, h) }
        let grey = try image.greyThumbnail(longSide: 256)
        let alongX = cw < w
        let fullLength = alongX ? w : h
        let gridLength = alongX ? grey.width : grey.height
        let gridWindow = max(
            1,
            min(
                gridLength,
                Int((Double(alongX ? cw : ch) * Double(gridLength) / Double(fullLength)).rounded())))
        let offset = bestOffset(energy: energyProfile(grey, alongX: alongX), window: gridWindow)
        let limit = fullLength - (alongX ? cw : ch)
        let full = min(
            limit, max(0, Int((Double(offset) * Double(fullLength) / Double(gridLength)).rounded())))
        return alongX ? (full, 0, cw, ch) : (0, full, cw, ch)
    }

    /// The largest `aspect` window size inside `width` x `height`.
    static func centredWindowSize(
        width: Int, height: Int, aspect: AspectRatio
    ) -> (
        width: Int, height: Int
    ) {
        if width * aspect.height > height * aspect.width {
            let w = max(
                1,
                min(width, Int((Double(height) * Double(aspect.width) / Double(aspect.height)).rounded())))
            return (w, height)
        }
        let h = max(
            1, min(height, Int((Double(width) * Double(aspect.height) / Double(aspect.width)).rounded())))
        return (width, h)
    }
}

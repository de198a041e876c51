/// Tracks which region of the original source the current pixels show, through every geometric
/// operation, as a `Box` in the oriented source frame (see `Box`).
///
/// State: `box` (source region, oriented frame), `content` (where that region sits in the current
/// pixels; smaller than the image once padded), `orientation` (how the current pixels must still be
/// turned to be upright, so a crop on unoriented pixels maps to the right place) and `logicalSize` (the
/// size the current pixels would have without a reduced-scale JPEG decode, so resize targets do not
/// depend on the decode hint).
struct Provenance {
    var box: Box
    var content: Box
    var orientation: ImageOrientation
    var logicalSize: PixelSize

    /// The whole image; `source` gives the full-resolution size when the pixels were decoded smaller.
    init(width: Int, height: Int, orientation: ImageOrientation, source: ImageInfo?) {
        let full = source.map { PixelSize($0.width, $0.height) } ?? PixelSize(width, height)
        let upright = orientation.swapsAxes ? PixelSize(full.height, full.width) : full
        box = Box(x: 0, y: 0, width: Double(upright.width), height: Double(upright.height))
        content = Box(x: 0, y: 0, width: Double(width), height: Double(height))
        self.orientation = orientation
        logicalSize = full
    }

    /// The pixels were cropped to `rect` of a `width` x `height` image.
    mutating func crop(_ rect: Box, width: Int, height: Int) {
        let kept = content.intersection(rect)
        if kept.width > 0 && kept.height > 0 && content.width > 0 && content.height > 0 {
            // The kept part of the content, as fractions of the content, turned upright.
            let unit = Box(
                x: (kept.x - content.x) / content.width, y: (kept.y - content.y) / content.height,
                width: kept.width / content.width, height: kept.height / content.height)
            let upright = orientation.display(unit, width: 1, height: 1)
            box = Box(
                x: box.x + upright.x * box.width, y: box.y + upright.y * box.height,
                width: upright.width * box.width, height: upright.height * box.height)
            content = Box(x: kept.x - rect.x, y: kept.y - rect.y, width: kept.width, height: kept.height)
        } else {
            box = Box(x: box.x, y: box.y, width: 0, height: 0)
            content = Box(x: 0, y: 0, width: 0, height: 0)
        }
        logicalSize = PixelSize(Int(rect.width), Int(rect.height))
    }

    /// The pixels were resampled from `from` to `to`.
    mutating func resize(from: PixelSize, to: PixelSize) {
        let sx = Double(to.width) / Double(from.width)
        let sy = Double(to.height) / Double(from.height)
        content = Box(
            x: content.x * sx, y: content.y * sy, width: content.width * sx, height: content.height * sy)
        logicalSize = to
    }

    /// The pixels were placed at (`x`, `y`) on a `width` x `height` canvas.
    mutating func pad(x: Int, y: Int, width: Int, height: Int) {
        content.x += Double(x)
        content.y += Double(y)
        logicalSize = PixelSize(width, height)
    }

    /// The pixels of a `width` x `height` image were turned upright.
    mutating func orient(width: Int, height: Int) {
        content = orientation.display(content, width: Double(width), height: Double(height))
        if orientation.swapsAxes { logicalSize = PixelSize(logicalSize.height, logicalSize.width) }
        orientation = .topLeft
    }
}

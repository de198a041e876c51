/// Synthetic pictures whose content tells which frame they are, for fixtures and demo media.
///
/// Each picture has a solid background whose colour changes abruptly at each scene cut, a grey square
/// moving steadily (so consecutive frames differ a little), a red marker in the top-left corner (to see
/// rotation), and along the bottom a band of `indexBits` black or white cells: the frame index in binary,
/// most significant bit on the left.
public enum SyntheticVideo {
    /// How many bits of the frame index the bottom band carries.
    public static let indexBits = 10

    /// Dark and bright in turn: ffmpeg's scene score compares only luma for YUV video, so each cut
    /// must change brightness, not just hue.
    private static let backgrounds: [[UInt8]] = [
        [20, 30, 120], [240, 220, 60], [120, 20, 30], [150, 230, 230], [20, 90, 30], [240, 180, 200],
    ]

    /// The picture for frame `index` of a `width` x `height` video that cuts to a new scene at each
    /// frame number in `sceneCuts`.
    public static func frame(index: Int, width: Int, height: Int, sceneCuts: [Int] = []) -> PixelBuffer {
        let scene = sceneCuts.filter { $0 <= index }.count
        var image = PixelBuffer(width: width, height: height, layout: .rgb, filledWith: backgrounds[scene % 6])
        let band = bandHeight(height)
        let side = max(4, height / 6)
        let travel = max(1, width - side)
        let squareX = (index * 3) % travel
        fill(&image, x: squareX, y: (height - band) / 2 - side / 2, width: side, height: side, color: [150, 150, 150])
        fill(&image, x: 0, y: 0, width: side, height: side, color: [255, 0, 0])
        let cell = width / indexBits
        for bit in 0..<indexBits {
            let on = (index >> (indexBits - 1 - bit)) & 1 == 1
            fill(
                &image, x: bit * cell, y: height - band, width: cell, height: band,
                color: on ? [255, 255, 255] : [0, 0, 0])
        }
        return image
    }

    /// Reads the frame index from an upright picture made by `frame(index:width:height:sceneCuts:)`
    /// (after lossy coding), modulo 2^`indexBits`.
    public static func index(in image: PixelBuffer) -> Int {
        let band = bandHeight(image.height)
        let cell = image.width / indexBits
        var value = 0
        for bit in 0..<indexBits {
            var sum = 0
            var count = 0
            for y in (image.height - band + band / 4)..<(image.height - band / 4) {
                for x in (bit * cell + cell / 4)..<(bit * cell + cell - cell / 4) {
                    let pixel = image.pixel(x: x, y: y)
                    sum += Int(pixel[pixel.startIndex]) + Int(pixel[pixel.startIndex + (pixel.count > 1 ? 1 : 0)])
                    count += 2
                }
            }
            value = value << 1 | (sum / max(count, 1) > 127 ? 1 : 0)
        }
        return value
    }

    /// A corner of a picture.
    public enum Corner: Sendable, Hashable, CaseIterable {
        /// Top left.
        case topLeft
        /// Top right.
        case topRight
        /// Bottom left.
        case bottomLeft
        /// Bottom right.
        case bottomRight
    }

    /// The corner where the red marker is, if one corner is clearly red.
    public static func markerCorner(in image: PixelBuffer) -> Corner? {
        let inset = max(2, min(image.width, image.height) / 24)
        let points: [(Corner, Int, Int)] = [
            (.topLeft, inset, inset), (.topRight, image.width - 1 - inset, inset),
            (.bottomLeft, inset, image.height - 1 - inset),
            (.bottomRight, image.width - 1 - inset, image.height - 1 - inset),
        ]
        let red = points.filter { _, x, y in
            let pixel = Array(image.pixel(x: x, y: y))
            return pixel.count >= 3 && pixel[0] > 170 && pixel[1] < 90 && pixel[2] < 90
        }
        return red.count == 1 ? red[0].0 : nil
    }

    private static func bandHeight(_ height: Int) -> Int { max(4, height / 8) }

    private static func fill(_ image: inout PixelBuffer, x: Int, y: Int, width: Int, height: Int, color: [UInt8]) {
        for row in max(0, y)..<min(image.height, y + height) {
            for column in max(0, x)..<min(image.width, x + width) {
                let offset = (row * image.width + column) * 3
                image.bytes[offset] = color[0]
                image.bytes[offset + 1] = color[1]
                image.bytes[offset + 2] = color[2]
            }
        }
    }
}

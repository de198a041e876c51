/// The EXIF orientation tag: how the stored pixels must be turned or mirrored to be shown upright.
///
/// Raw values are the EXIF values 1...8. The name says where the stored first row and first column
/// go: `.rightTop` (6) is a photo taken with the camera turned a quarter clockwise, shown by turning the
/// stored pixels 90 degrees clockwise.
public enum ImageOrientation: Int, Sendable, Hashable, CaseIterable {
    /// 1: as stored.
    case topLeft = 1
    /// 2: mirrored left-right.
    case topRight = 2
    /// 3: turned 180 degrees.
    case bottomRight = 3
    /// 4: mirrored top-bottom.
    case bottomLeft = 4
    /// 5: mirrored along the main diagonal (transpose).
    case leftTop = 5
    /// 6: turned 90 degrees clockwise.
    case rightTop = 6
    /// 7: mirrored along the other diagonal (transverse).
    case rightBottom = 7
    /// 8: turned 90 degrees counter-clockwise.
    case leftBottom = 8

    /// Whether showing the image swaps its width and height.
    public var swapsAxes: Bool { rawValue >= 5 }

    /// Where a point (`x`, `y`) of a stored `width` x `height` picture lands once shown upright.
    func display(x: Double, y: Double, width: Double, height: Double) -> (x: Double, y: Double) {
        switch self {
        case .topLeft: (x, y)
        case .topRight: (width - x, y)
        case .bottomRight: (width - x, height - y)
        case .bottomLeft: (x, height - y)
        case .leftTop: (y, x)
        case .rightTop: (height - y, x)
        case .rightBottom: (height - y, width - x)
        case .leftBottom: (y, width - x)
        }
    }

    /// Where the rectangle `rect` of a stored `width` x `height` picture lands once shown upright.
    func display(_ rect: Box, width: Double, height: Double) -> Box {
        let a = display(x: rect.x, y: rect.y, width: width, height: height)
        let b = display(x: rect.x + rect.width, y: rect.y + rect.height, width: width, height: height)
        return Box(x: min(a.x, b.x), y: min(a.y, b.y), width: abs(b.x - a.x), height: abs(b.y - a.y))
    }
}

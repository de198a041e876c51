/// A rectangle in pixels: which region of the original source image the current pixels come from.
///
/// Boxes are in the *oriented source frame*: the original file's full-resolution pixels after its EXIF
/// orientation is applied, which is what a viewer shows. Cropping moves and shrinks the box, resizing
/// keeps it, padding keeps it (padding is not source), `orient` keeps it (it was already in the upright
/// frame). A crop that only cuts padding leaves the box as it was.
public struct Box: Sendable, Hashable, Codable, CustomStringConvertible {
    /// Left edge.
    public var x: Double
    /// Top edge.
    public var y: Double
    /// Width.
    public var width: Double
    /// Height.
    public var height: Double

    /// Creates a box.
    public init(x: Double, y: Double, width: Double, height: Double) {
        self.x = x
        self.y = y
        self.width = width
        self.height = height
    }

    /// The box rounded to whole pixels (edges to the nearest integer).
    public var rounded: (x: Int, y: Int, width: Int, height: Int) {
        let left = Int((x).rounded())
        let top = Int((y).rounded())
        return (left, top, Int((x + width).rounded()) - left, Int((y + height).rounded()) - top)
    }

    /// `x,y,widthxheight` with up to three decimals.
    public var description: String {
        func f(_ v: Double) -> String {
            let scaled = (v * 1000).rounded() / 1000
            return scaled == scaled.rounded() ? String(Int(scaled)) : String(scaled)
        }
        return "\(f(x)),\(f(y)),\(f(width))x\(f(height))"
    }

    /// The overlap of two boxes (zero-sized when they do not overlap).
    func intersection(_ other: Box) -> Box {
        let left = max(x, other.x)
        let top = max(y, other.y)
        let right = min(x + width, other.x + other.width)
        let bottom = min(y + height, other.y + other.height)
        return Box(x: left, y: top, width: max(0, right - left), height: max(0, bottom - top))
    }
}

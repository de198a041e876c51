internal import CAV

/// How a video's decoded pictures must be turned to look the way players show them.
///
/// Read from the stream's display matrix side data (or, when there is none, its legacy `rotate` tag)
/// with the same rules as the `ffmpeg` command line's autorotation: the rotation is
/// `-av_display_rotation_get(matrix)` rounded to a quarter turn, and a mirrored matrix adds a flip.
public struct VideoOrientation: Sendable, Hashable {
    /// Clockwise rotation in degrees applied for display: 0, 90, 180 or 270.
    public let rotation: Int
    /// Whether the picture is also mirrored (the display matrix has a negative determinant).
    public let isMirrored: Bool

    /// Pixel operations, applied in order (as the transpose / hflip / vflip filters).
    enum Operation: Sendable, Hashable {
        case transpose, clockwise, counterclockwise, antiTranspose, horizontalFlip, verticalFlip
    }

    let operations: [Operation]

    /// The identity: no rotation, no mirroring.
    public static let upright = VideoOrientation(rotation: 0, isMirrored: false, operations: [])

    private init(rotation: Int, isMirrored: Bool, operations: [Operation]) {
        self.rotation = rotation
        self.isMirrored = isMirrored
        self.operations = operations
    }

    /// Whether width and height trade places for display.
    public var swapsDimensions: Bool { rotation == 90 || rotation == 270 }

    /// The orientation a 3x3 display matrix (`AV_PKT_DATA_DISPLAYMATRIX`, 16.16 fixed point) describes.
    static func from(displayMatrix matrix: [Int32]) -> VideoOrientation {
        let angle = matrix.withUnsafeBufferPointer { av_display_rotation_get($0.baseAddress) }
        guard angle.isFinite else { return .upright }
        var theta = -angle.rounded()
        theta -= 360 * (theta / 360 + 0.9 / 360).rounded(.down)
        let mirrored = Int64(matrix[0]) * Int64(matrix[4]) - Int64(matrix[1]) * Int64(matrix[3]) < 0
        let quarter = Int(((theta / 90).rounded()).truncatingRemainder(dividingBy: 4))
        switch quarter {
        case 1:
            return VideoOrientation(
                rotation: 90, isMirrored: mirrored,
                operations: [matrix[3] > 0 ? .transpose : .clockwise])
        case 2:
            var operations: [Operation] = []
            if matrix[0] < 0 { operations.append(.horizontalFlip) }
            if matrix[4] < 0 { operations.append(.verticalFlip) }
            return VideoOrientation(rotation: 180, isMirrored: mirrored, operations: operations)
        case 3:
            return VideoOrientation(
                rotation: 270, isMirrored: mirrored,
                operations: [matrix[3] < 0 ? .antiTranspose : .counterclockwise])
        default:
            var operations: [Operation] = []
            if matrix[0] < 0 { operations.append(.horizontalFlip) }
            if matrix[4] < 0 { operations.append(.verticalFlip) }
            return VideoOrientation(rotation: 0, isMirrored: mirrored, operations: operations)
        }
    }

    /// The orientation a legacy `rotate` tag (clockwise degrees) describes.
    static func from(rotateTag degrees: Int) -> VideoOrientation {
        switch ((degrees % 360) + 360) % 360 {
        case 45..<135: VideoOrientation(rotation: 90, isMirrored: false, operations: [.clockwise])
        case 135..<225:
            VideoOrientation(rotation: 180, isMirrored: false, operations: [.horizontalFlip, .verticalFlip])
        case 225..<315: VideoOrientation(rotation: 270, isMirrored: false, operations: [.counterclockwise])
        default: .upright
        }
    }

    /// The orientation of `stream`: display matrix first, then the `rotate` tag.
    static func of(_ stream: UnsafeMutablePointer<AVStream>) -> VideoOrientation {
        var size: Int = 0
        if let data = av_stream_get_side_data(stream, AV_PKT_DATA_DISPLAYMATRIX, &size), size >= 36 {
            let matrix = UnsafeRawPointer(data).withMemoryRebound(to: Int32.self, capacity: 9) {
                Array(UnsafeBufferPointer(start: $0, count: 9))
            }
            return from(displayMatrix: matrix)
        }
        if let entry = av_dict_get(stream.pointee.metadata, "rotate", nil, 0), let value = entry.pointee.value,
            let degrees = Int(String(cString: value))
        {
            return from(rotateTag: degrees)
        }
        return .upright
    }

    /// The picture turned for display.
    func apply(to image: PixelBuffer) -> PixelBuffer {
        operations.reduce(image) { Self.perform($1, on: $0) }
    }

    private static func perform(_ operation: Operation, on image: PixelBuffer) -> PixelBuffer {
        let (width, height, channels) = (image.width, image.height, image.layout.channels)
        let swaps = operation != .horizontalFlip && operation != .verticalFlip
        let (outWidth, outHeight) = swaps ? (height, width) : (width, height)
        var output = [UInt8](repeating: 0, count: image.bytes.count)
        image.bytes.withUnsafeBufferPointer { source in
            output.withUnsafeMutableBufferPointer { target in
                for y in 0..<outHeight {
                    for x in 0..<outWidth {
                        let (sx, sy): (Int, Int)
                        switch operation {
                        case .transpose: (sx, sy) = (y, x)
                        case .clockwise: (sx, sy) = (y, height - 1 - x)
                        case .counterclockwise: (sx, sy) = (width - 1 - y, x)
                        case .antiTranspose: (sx, sy) = (width - 1 - y, height - 1 - x)
                        case .horizontalFlip: (sx, sy) = (width - 1 - x, y)
                        case .verticalFlip: (sx, sy) = (x, height - 1 - y)
                        }
                        let from = (sy * width + sx) * channels
                        let to = (y * outWidth + x) * channels
                        for channel in 0..<channels { target[to + channel] = source[from + channel] }
                    }
                }
            }
        }
        return PixelBuffer(width: outWidth, height: outHeight, layout: image.layout, bytes: output)
    }
}

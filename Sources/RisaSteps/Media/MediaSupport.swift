import Foundation
import RisaCore
import RisaMedia
import RisaModel

/// What the media steps share: library names for cache keys, error mapping, box composition and
/// output encodings.
enum MediaSupport {
    /// ImageMagick, for the cache keys of image steps.
    static let imageLibraries = ["ImageMagick"]
    /// libav* and ImageMagick, for the cache keys of video steps (frames are encoded by ImageMagick).
    static let videoLibraries = ["libavformat", "libavcodec", "libavfilter", "libavutil", "libswscale", "ImageMagick"]

    /// A per-item failure naming the item (not the store path) and the library's reason; bad input
    /// is never retried.
    static func itemFailure(_ error: any Error, item: String) -> any Error {
        switch error {
        case let image as ImageError: StepFailure("\(item): \(image.reason) [\(image.code.rawValue)]", retryable: false)
        case let video as VideoError where video.code == .cancelled: CancellationError()
        case let video as VideoError:
            StepFailure("\(item): \(reason(of: video)) [\(video.code.rawValue)]", retryable: false)
        case let failure as StepFailure where !failure.message.hasPrefix(item):
            StepFailure("\(item): \(failure.message)", retryable: failure.retryable)
        default: error
        }
    }

    /// The reason of a video error without the path it starts with.
    static func reason(of error: VideoError) -> String {
        let prefix = error.path + ": "
        return error.message.hasPrefix(prefix) ? String(error.message.dropFirst(prefix.count)) : error.message
    }

    /// Runs `body`, turning media errors into failures naming `item`.
    static func naming<T>(_ item: String, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch {
            throw itemFailure(error, item: item)
        }
    }

    /// The metadata name of an image format (`jpeg`, `png`, ...).
    static func formatName(_ encoding: ImageEncoding) -> String {
        switch encoding {
        case .jpeg: "jpeg"
        case .png: "png"
        case .webp: "webp"
        }
    }

    /// `name` with its extension replaced by `ext`.
    static func renamed(_ name: String, extension ext: String) -> String {
        let base = (name as NSString).deletingPathExtension
        return base + "." + ext
    }

    /// The box of the new pixels in the item's source frame: `box` is in the input image's own
    /// (oriented) pixels of `inputWidth` x `inputHeight`; the input's `incoming` box says where
    /// those pixels came from, so `box` is scaled and moved into it. Without an incoming box the
    /// input image is its own source.
    static func compose(
        _ box: Box, incoming: (x: Double, y: Double, width: Double, height: Double)?, inputWidth: Int, inputHeight: Int
    ) -> Value {
        guard let incoming, inputWidth > 0, inputHeight > 0 else {
            return boxValue(box)
        }
        let sx = incoming.width / Double(inputWidth)
        let sy = incoming.height / Double(inputHeight)
        return boxValue(
            Box(x: incoming.x + box.x * sx, y: incoming.y + box.y * sy, width: box.width * sx, height: box.height * sy))
    }

    /// A box as metadata, rounded to 1/1000 pixel so that float noise does not change cache keys.
    static func boxValue(_ box: Box) -> Value {
        func r(_ v: Double) -> Double { (v * 1000).rounded() / 1000 }
        return ItemMetadata.boxValue(x: r(box.x), y: r(box.y), width: r(box.width), height: r(box.height))
    }

    /// Parses an output encoding: `png`, `jpg`/`jpeg`, `webp`, with `quality` (1...100) for the
    /// lossy ones; `where` names the argument in messages.
    static func encoding(
        type: String, quality: Int?, lossless: Bool = false, where place: String
    ) throws
        -> ImageEncoding
    {
        if let quality, !(1...100).contains(quality) {
            throw StepFailure("\(place): quality must be between 1 and 100, got \(quality)", retryable: false)
        }
        switch type.lowercased() {
        case "png": return .png()
        case "jpg", "jpeg": return .jpeg(quality: quality ?? 95)
        case "webp": return .webp(quality: quality ?? 90, lossless: lossless)
        default: throw StepFailure("\(place): the format must be png, jpg or webp, got '\(type)'", retryable: false)
        }
    }

    /// The `format` and `quality` arguments of a step as an encoding (default PNG).
    static func encoding(_ arguments: MediaArguments) throws -> ImageEncoding {
        let type = try arguments.string("format") ?? "png"
        return try encoding(
            type: type, quality: arguments.int("quality"), where: "steps.\(arguments.stepId).with.format")
    }
}

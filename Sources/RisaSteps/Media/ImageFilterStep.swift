import Foundation
import RisaCore
import RisaMedia
import RisaModel

/// `image.filter`: keeps or drops images by size, aspect ratio, sharpness and colour.
public struct ImageFilterStep: ItemStepImplementation {
    public var spec: StepTypeSpec { Self.spec }
    public var itemsArgument: String { "images" }
    public var itemsOutput: String { "images" }
    public var rejectedOutput: String? { "rejected" }

    /// The registry entry.
    public static let spec = StepTypeSpec(
        name: "image.filter",
        version: 1,
        summary: "Keep or drop images by size, area, aspect ratio, blur and monochrome; list every drop's reason.",
        details: """
            Sizes are the image's upright pixels (after EXIF orientation). Aspect is width / height. \
            `min_blur` compares the blur score: the variance of the Laplacian of a grey copy whose long \
            side is 512 (smaller images are not enlarged), comparable with OpenCV's \
            `cv2.Laplacian(grey, CV_64F).var()` at that size; low is blurry, about 100 is a usual cut for \
            photos, flat synthetic pictures score lower. `monochrome`: `keep` (default, not checked), \
            `drop` (drop greyscale images), `only` (keep only them); monochrome means the 99.5th \
            percentile of max(R,G,B)-min(R,G,B) is at most 12. Kept images keep their bytes (nothing is \
            copied) and gain `blur` when it was measured; dropped ones go to `rejected` with the rule and \
            the value in `rejected` (\"width 300 < min_width 512\").
            """,
        arguments: [
            ArgumentSpec("images", .images, required: true, "The input images."),
            ArgumentSpec("min_width", .int, "Smallest width kept."),
            ArgumentSpec("max_width", .int, "Largest width kept."),
            ArgumentSpec("min_height", .int, "Smallest height kept."),
            ArgumentSpec("max_height", .int, "Largest height kept."),
            ArgumentSpec("min_area", .int, "Fewest pixels (width x height) kept."),
            ArgumentSpec("max_area", .int, "Most pixels kept."),
            ArgumentSpec("min_aspect", .number, "Smallest width/height kept."),
            ArgumentSpec("max_aspect", .number, "Largest width/height kept."),
            ArgumentSpec("min_blur", .number, "Smallest blur score kept (variance of the Laplacian at 512 px)."),
            ArgumentSpec(
                "monochrome", .enumeration(["keep", "drop", "only"]), default: .string("keep"),
                "Whether greyscale images are kept, dropped, or the only ones kept."),
        ],
        outputs: .fixed([
            OutputSpec("images", .images, "The kept images (same bytes)."),
            OutputSpec("rejected", .images, "The dropped images, with their reason in `rejected`."),
        ]),
        deterministic: true,
        libraries: MediaSupport.imageLibraries)

    /// Creates the step.
    public init() {}

    public func process(_ item: InputItem, _ invocation: StepInvocation) async throws -> ItemOutcome {
        let arguments = MediaArguments(invocation)
        let monochrome = try arguments.choice("monochrome", ["keep", "drop", "only"]) ?? "keep"
        let minBlur = try arguments.double("min_blur")
        try Task.checkCancellation()
        return try MediaSupport.naming(item.name) {
            let info = try MagickImage.probe(file: item.path)
            let (width, height) = (info.orientedWidth, info.orientedHeight)
            let aspect = Double(width) / Double(height)
            let rules: [(String, Double, Double?, Bool)] = [
                ("width", Double(width), try arguments.double("min_width"), true),
                ("width", Double(width), try arguments.double("max_width"), false),
                ("height", Double(height), try arguments.double("min_height"), true),
                ("height", Double(height), try arguments.double("max_height"), false),
                ("area", Double(width * height), try arguments.double("min_area"), true),
                ("area", Double(width * height), try arguments.double("max_area"), false),
                ("aspect", aspect, try arguments.double("min_aspect"), true),
                ("aspect", aspect, try arguments.double("max_aspect"), false),
            ]
            for (name, value, limit, isMinimum) in rules {
                guard let limit else { continue }
                if isMinimum && value < limit {
                    return .rejected("\(name) \(Self.text(value)) < min_\(name) \(Self.text(limit))")
                }
                if !isMinimum && value > limit {
                    return .rejected("\(name) \(Self.text(value)) > max_\(name) \(Self.text(limit))")
                }
            }
            var metadata = item.metadata
            metadata[ItemMetadata.width] = .int(width)
            metadata[ItemMetadata.height] = .int(height)
            if minBlur != nil || monochrome != "keep" {
                let image = try MagickImage(file: item.path, decodeAtLeast: Self.analysisSize(info))
                if let minBlur {
                    let score = (try ImageAnalysis.blurScore(image) * 1000).rounded() / 1000
                    metadata["blur"] = .number(score)
                    if score < minBlur { return .rejected("blur \(Self.text(score)) < min_blur \(Self.text(minBlur))") }
                }
                if monochrome != "keep" {
                    let isMonochrome = try ImageAnalysis.isMonochrome(image)
                    if monochrome == "drop" && isMonochrome { return .rejected("monochrome (monochrome: drop)") }
                    if monochrome == "only" && !isMonochrome { return .rejected("in colour (monochrome: only)") }
                }
            }
            return .one(ProducedItem(reusing: item, metadata: metadata))
        }
    }

    /// A JPEG is decoded at a reduced scale that still gives the 512-pixel grey copy the blur score
    /// is measured on.
    static func analysisSize(_ info: ImageInfo) -> PixelSize {
        let long = max(info.width, info.height)
        let scale = min(1, Double(ImageAnalysis.blurLongSide) / Double(long))
        return PixelSize(max(1, Int(Double(info.width) * scale)), max(1, Int(Double(info.height) * scale)))
    }

    static func text(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String((value * 1000).rounded() / 1000)
    }
}

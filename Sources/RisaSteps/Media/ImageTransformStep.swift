import Foundation
import RisaCore
import RisaMedia
import RisaModel

/// `image.transform`: an ordered list of deterministic image operations on every item.
public struct ImageTransformStep: ItemStepImplementation {
    public var spec: StepTypeSpec { Self.spec }
    public var itemsArgument: String { "images" }
    public var itemsOutput: String { "images" }

    /// The registry entry.
    public static let spec = StepTypeSpec(
        name: "image.transform",
        version: 1,
        summary: "Orient, convert to sRGB, flatten, resize, crop, pad, strip and re-encode every image.",
        details: """
            `ops` is a list of one-key maps run in order: `orient: true` (apply the EXIF orientation), \
            `srgb: true` (CMYK and ICC-profiled images to sRGB), `flatten: "#ffffff"` (alpha onto a \
            colour, white by default; also `{color: ...}`), `resize: {long_side: N}` / `{short_side: N}` / \
            `{fit: [w, h]}` / `{cover: [w, h]}` / `{exact: [w, h]}` with `filter` (lanczos default, \
            mitchell, catrom, triangle, box, point) and `upscale` (false: smaller images keep their size), \
            `crop: {box: [x, y, w, h]}` / `{center: "1:1"}` / `{smart: "3:4"}` (the window with the most \
            detail), `pad: {size: [w, h]}` / `{aspect: "1:1"}` with `color`, `strip: true` (metadata), and \
            `format: jpg` or `{type: jpg, quality: 90}` (the same as the `format` and `quality` \
            arguments). Output is PNG unless a format is given; names keep their stem with the new \
            extension. The same input and ops give the same bytes. The item's `box` is composed: the \
            region the new pixels show, in the source frame of the item (a video frame's box stays in \
            the video's pixels); `width`, `height` and `format` are updated, other metadata passes on. \
            A JPEG that needs only a large reduction is decoded at 1/2, 1/4 or 1/8 scale first.
            """,
        arguments: [
            ArgumentSpec("images", .images, required: true, "The input images."),
            ArgumentSpec("ops", .list(.json), required: true, "The operations, in order (see above)."),
            ArgumentSpec(
                "format", .enumeration(["png", "jpg", "jpeg", "webp"]), default: .string("png"), "Output format."),
            ArgumentSpec("quality", .int, "JPEG (default 95) or WebP (default 90) quality, 1-100."),
        ],
        outputs: .fixed([OutputSpec("images", .images, "The transformed images.")]),
        deterministic: true,
        libraries: MediaSupport.imageLibraries)

    /// Creates the step.
    public init() {}

    public func process(_ item: InputItem, _ invocation: StepInvocation) async throws -> ItemOutcome {
        let arguments = MediaArguments(invocation)
        let parsed = try TransformOperationParser(invocation.arguments["ops"] ?? .list([]), stepId: invocation.stepId)
        let encoding = try parsed.encoding ?? MediaSupport.encoding(arguments)
        try Task.checkCancellation()
        return try MediaSupport.naming(item.name) {
            let result = try ImageTransform.apply(parsed.operations, toFile: item.path)
            let info = result.image.source
            let name = MediaSupport.renamed(item.name, extension: encoding.fileExtension)
            let file = "image." + encoding.fileExtension
            try result.image.write(encoding, to: invocation.outputDirectory.appendingPathComponent(file).path)
            var metadata = item.metadata
            metadata[ItemMetadata.width] = .int(result.image.width)
            metadata[ItemMetadata.height] = .int(result.image.height)
            metadata[ItemMetadata.format] = .string(MediaSupport.formatName(encoding))
            metadata[ItemMetadata.box] = MediaSupport.compose(
                result.box, incoming: ItemMetadata.box(in: item.metadata),
                inputWidth: info?.orientedWidth ?? 0, inputHeight: info?.orientedHeight ?? 0)
            return .one(ProducedItem(path: file, name: name, metadata: metadata))
        }
    }
}

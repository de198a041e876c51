import Foundation
import RisaCore
import RisaMedia
import RisaModel

/// `image.bucket`: kohya-style aspect-ratio buckets; every image resized and cropped to its bucket.
public struct ImageBucketStep: ItemStepImplementation {
    public var spec: StepTypeSpec { Self.spec }
    public var itemsArgument: String { "images" }
    public var itemsOutput: String { "images" }

    /// The registry entry.
    public static let spec = StepTypeSpec(
        name: "image.bucket",
        version: 1,
        summary: "Assign kohya aspect-ratio buckets and resize/crop every image to exactly its bucket.",
        details: """
            Buckets are made exactly as kohya-ss/sd-scripts makes them (`make_bucket_resolutions`: \
            bucket area = resolution's area, sides multiples of `bucket_reso_steps` between \
            `min_bucket_reso` and `max_bucket_reso`, plus the square); each image goes to the bucket \
            with the nearest aspect ratio, is resized (Lanczos) to cover it and centre-cropped to it. \
            With `no_upscale` buckets come from each image's own size, never enlarged. Metadata: \
            `bucket` [w, h], `width`, `height`, `format`, and the `box` narrowed to the cropped region. \
            The histogram of the whole result set (items from the cache included) is logged when the step \
            ends, one line per bucket (`bucket 832x1216: 12 images`).
            """,
        arguments: [
            ArgumentSpec("images", .images, required: true, "The input images (orient/sRGB/flatten them first)."),
            ArgumentSpec("resolution", .json, default: .int(1024), "Training resolution: N or [width, height]."),
            ArgumentSpec("min_bucket_reso", .int, default: .int(256), "Smallest bucket side."),
            ArgumentSpec("max_bucket_reso", .int, default: .int(1024), "Largest bucket side."),
            ArgumentSpec("bucket_reso_steps", .int, default: .int(64), "Bucket sides are multiples of this."),
            ArgumentSpec("no_upscale", .bool, default: .bool(false), "Never enlarge (kohya's bucket_no_upscale)."),
            ArgumentSpec(
                "format", .enumeration(["png", "jpg", "jpeg", "webp"]), default: .string("png"), "Output format."),
            ArgumentSpec("quality", .int, "JPEG (default 95) or WebP (default 90) quality, 1-100."),
        ],
        outputs: .fixed([OutputSpec("images", .images, "The images, each exactly its bucket's size.")]),
        deterministic: true,
        libraries: MediaSupport.imageLibraries)

    /// Creates the step.
    public init() {}

    /// The bucket settings the arguments describe.
    static func settings(_ arguments: MediaArguments) throws -> BucketSettings {
        let resolution = try arguments.size("resolution") ?? (1024, 1024)
        let settings = BucketSettings(
            resolution: PixelSize(resolution.width, resolution.height),
            minSize: try arguments.int("min_bucket_reso") ?? 256, maxSize: try arguments.int("max_bucket_reso") ?? 1024,
            step: try arguments.int("bucket_reso_steps") ?? 64, noUpscale: try arguments.bool("no_upscale") ?? false)
        guard settings.step > 0 else { throw arguments.failure("bucket_reso_steps", "must be positive") }
        guard settings.minSize > 0, settings.minSize <= settings.maxSize else {
            throw arguments.failure("min_bucket_reso", "must be positive and at most max_bucket_reso")
        }
        guard !BucketResolutions.make(settings).isEmpty || settings.noUpscale else {
            throw arguments.failure("resolution", "gives no bucket between min_bucket_reso and max_bucket_reso")
        }
        return settings
    }

    public func process(_ item: InputItem, _ invocation: StepInvocation) async throws -> ItemOutcome {
        let arguments = MediaArguments(invocation)
        let settings = try Self.settings(arguments)
        let encoding = try MediaSupport.encoding(arguments)
        try Task.checkCancellation()
        let produced: ProducedItem = try MediaSupport.naming(item.name) {
            let result = try ImageTransform.apply([.bucket(settings)], toFile: item.path)
            let info = result.image.source
            let name = MediaSupport.renamed(item.name, extension: encoding.fileExtension)
            let file = "image." + encoding.fileExtension
            try result.image.write(encoding, to: invocation.outputDirectory.appendingPathComponent(file).path)
            var metadata = item.metadata
            let size = PixelSize(result.image.width, result.image.height)
            metadata["bucket"] = .list([.int(size.width), .int(size.height)])
            metadata[ItemMetadata.width] = .int(size.width)
            metadata[ItemMetadata.height] = .int(size.height)
            metadata[ItemMetadata.format] = .string(MediaSupport.formatName(encoding))
            metadata[ItemMetadata.box] = MediaSupport.compose(
                result.box, incoming: ItemMetadata.box(in: item.metadata),
                inputWidth: info?.orientedWidth ?? 0, inputHeight: info?.orientedHeight ?? 0)
            return ProducedItem(path: file, name: name, metadata: metadata)
        }
        if let bucket = Self.bucket(of: produced.metadata) {
            invocation.log(.info, "\(item.name): bucket \(bucket)")
        }
        return .one(produced)
    }

    /// `bucket 832x1216: 12 images`, one line per bucket in size order, over the whole result set.
    public func summary(of outputs: some Collection<[String: Value]>) -> [String] {
        var counts: [PixelSize: Int] = [:]
        for metadata in outputs {
            if let bucket = Self.bucket(of: metadata) { counts[bucket, default: 0] += 1 }
        }
        return counts.keys.sorted().map { "bucket \($0): \(counts[$0]!) image\(counts[$0]! == 1 ? "" : "s")" }
    }

    /// The `bucket` [width, height] an item's metadata names.
    static func bucket(of metadata: [String: Value]) -> PixelSize? {
        guard case .list(let sides) = metadata["bucket"] ?? .null, sides.count == 2, let width = sides[0].intValue,
            let height = sides[1].intValue
        else { return nil }
        return PixelSize(width, height)
    }
}

import Foundation
import RisaCore
import RisaDataset
import RisaModel
import RisaTags

/// `dataset.build`: a kohya sd-scripts training dataset from captioned images: subset folders,
/// `dataset_config.toml` and `manifest.json`, after checking every image against kohya's needs.
public struct DatasetBuildStep: ActionStepImplementation {
    public var spec: StepTypeSpec { Self.spec }

    /// The registry entry.
    public static let spec = StepTypeSpec(
        name: "dataset.build",
        version: 2,
        summary:
            "Build a kohya sd-scripts dataset: subset folders of images + captions, dataset_config.toml, manifest.json.",
        details: """
            First every image is checked (format kohya reads, 8 bits per channel, alpha only with `alpha_mask`, at \
            least `min_side` pixels, a non-empty one-line UTF-8 caption, no two images with the same name stem, at \
            least `min_images`): all violations are listed per item and the step fails. Then it writes, inside the \
            `dataset` folder: `{repeats}_{token} {class}/` with each image and its caption \
            (`<stem><caption_extension>`, from the `caption` metadata); `reg/{reg_repeats}_{class}/` for \
            `reg_images`; with `validation_split` and `validation_mode: holdout` (default), a seeded share of the \
            images in `validation/1_{token} {class}/`, kept out of training (with `validation_mode: sd-scripts` the \
            images all train and `validation_split`/`validation_seed` go into the TOML for sd-scripts' own split); \
            `dataset_config.toml` for `--dataset_config`, with only keys sd-scripts' schema allows, `image_dir` \
            relative to the dataset folder (run the trainer from inside it; see the README), `caption_extension` \
            always written; and `manifest.json` (every image with digest, size, dimensions, caption, its tags with \
            their categories, and provenance from its `source`, `frame` and `box` metadata). Images in nested \
            folders are flattened (`a/b.png` -> `a_b.png`). The same inputs give the same bytes. Cache: the sets (content and metadata) and the options.
            """,
        arguments: [
            ArgumentSpec("images", .images, required: true, "The captioned training images."),
            ArgumentSpec(
                "reg_images", .images, "Regularisation images (captions optional: kohya uses the class then)."),
            ArgumentSpec("token", .string, required: true, "The trigger token (e.g. 'sks')."),
            ArgumentSpec("class", .string, default: .string(""), "The class word (e.g. 'woman')."),
            ArgumentSpec("repeats", .int, default: .int(10), "How often each training image repeats per epoch."),
            ArgumentSpec(
                "reg_repeats", .int, default: .int(1), "How often each regularisation image repeats per epoch."),
            ArgumentSpec(
                "validation_split", .number, default: .number(0),
                "The share of images held out for validation (0 to below 1)."),
            ArgumentSpec(
                "validation_mode", .enumeration(["holdout", "sd-scripts"]), default: .string("holdout"),
                "Hold the share out in validation/ (seeded here), or let sd-scripts split (TOML validation_split)."),
            ArgumentSpec("seed", .int, default: .int(0), "The seed of the validation split."),
            ArgumentSpec("resolution", .json, default: .int(1024), "Training resolution: a side, or [width, height]."),
            ArgumentSpec("batch_size", .int, "Training batch size (dataset level)."),
            ArgumentSpec("enable_bucket", .bool, default: .bool(true), "Aspect-ratio bucketing."),
            ArgumentSpec("min_bucket_reso", .int, "Smallest bucket side (sd-scripts' default 256)."),
            ArgumentSpec("max_bucket_reso", .int, "Largest bucket side (sd-scripts' default 1024)."),
            ArgumentSpec("bucket_reso_steps", .int, "Bucket side step (sd-scripts' default 64)."),
            ArgumentSpec("bucket_no_upscale", .bool, "Never upscale images into a bucket."),
            ArgumentSpec("keep_tokens", .int, "Leading caption tags never shuffled or dropped."),
            ArgumentSpec(
                "keep_tokens_separator", .string, "The separator that marks the kept part inside captions (e.g. '|||')."
            ),
            ArgumentSpec("shuffle_caption", .bool, "Shuffle caption tags each step."),
            ArgumentSpec("flip_aug", .bool, "Horizontal flip augmentation (not for asymmetric subjects)."),
            ArgumentSpec("caption_dropout_rate", .number, "Share of steps trained without caption (0..1)."),
            ArgumentSpec("caption_dropout_every_n_epochs", .int, "Drop all captions every N epochs."),
            ArgumentSpec("caption_tag_dropout_rate", .number, "Share of (non-kept) tags dropped per step (0..1)."),
            ArgumentSpec(
                "alpha_mask", .bool, default: .bool(false),
                "Train with the alpha channel as loss mask (then alpha is allowed)."),
            ArgumentSpec(
                "caption_extension", .string, default: .string(".txt"),
                "Caption file extension (always written to the TOML)."),
            ArgumentSpec("min_images", .int, default: .int(1), "The fewest training images accepted."),
            ArgumentSpec("min_side", .int, "The shortest image side accepted, in pixels."),
        ],
        outputs: .fixed([
            OutputSpec("dataset", .dataset, "The dataset folder: subsets, dataset_config.toml, manifest.json.")
        ]),
        deterministic: true)

    /// Creates the step.
    public init() {}

    public func execute(_ invocation: StepInvocation) async throws -> [String: ProducedOutput] {
        let arguments = StepArguments(invocation)
        let options = try DatasetBuildOptions(arguments)
        let training = try invocation.itemSets("images")
        let regularisation = arguments.has("reg_images") ? try invocation.itemSets("reg_images") : []
        let layout = try DatasetLayout(options: options, training: training, regularisation: regularisation)
        let violations = layout.check()
        guard violations.isEmpty else {
            throw StepFailure(
                "the dataset does not meet kohya's requirements (\(violations.count) problem(s)):\n"
                    + TagSupport.listing(violations, limit: 200), retryable: false)
        }
        let root = invocation.outputDirectory.appendingPathComponent("dataset")
        let summary = try layout.write(to: root)
        invocation.log(.info, summary)
        return ["dataset": .directory("dataset")]
    }
}

/// The typed options of `dataset.build`.
struct DatasetBuildOptions {
    var token: String
    var className: String
    var repeats: Int
    var regRepeats: Int
    var validationSplit: Double
    var holdout: Bool
    var seed: Int
    var captionExtension: String
    var requirements = DatasetRequirements()
    var dataset = DatasetOptions()
    var subset = SubsetOptions()
    var alphaMask: Bool

    init(_ arguments: StepArguments) throws {
        token = try arguments.string("token", default: "")
        className = try arguments.string("class", default: "")
        repeats = try arguments.int("repeats", in: 1...100_000) ?? 10
        regRepeats = try arguments.int("reg_repeats", in: 1...100_000) ?? 1
        validationSplit = try arguments.double("validation_split") ?? 0
        guard validationSplit >= 0, validationSplit < 1 else {
            throw arguments.fail("validation_split", "must be at least 0 and below 1")
        }
        holdout = try arguments.choice("validation_mode", ["holdout", "sd-scripts"]) != "sd-scripts"
        seed = try arguments.int("seed") ?? 0
        captionExtension = try arguments.string("caption_extension", default: ".txt")
        guard captionExtension.hasPrefix("."), captionExtension.count > 1, !captionExtension.contains("/") else {
            throw arguments.fail("caption_extension", "expected an extension starting with a dot, e.g. .txt")
        }
        alphaMask = try arguments.bool("alpha_mask", default: false)
        requirements.alphaMask = alphaMask
        requirements.minimumItems = try arguments.int("min_images", in: 0...10_000_000) ?? 1
        requirements.minimumSide = try arguments.int("min_side", in: 1...100_000)
        dataset.resolution = try Self.resolution(arguments)
        dataset.batchSize = try arguments.int("batch_size", in: 1...4096)
        dataset.enableBucket = try arguments.bool("enable_bucket")
        dataset.minBucketReso = try arguments.int("min_bucket_reso", in: 1...100_000)
        dataset.maxBucketReso = try arguments.int("max_bucket_reso", in: 1...100_000)
        dataset.bucketResoSteps = try arguments.int("bucket_reso_steps", in: 1...100_000)
        dataset.bucketNoUpscale = try arguments.bool("bucket_no_upscale")
        if !holdout, validationSplit > 0 {
            dataset.validationSplit = validationSplit
            dataset.validationSeed = seed
        }
        subset.keepTokens = try arguments.int("keep_tokens", in: 0...1000)
        subset.keepTokensSeparator = try arguments.string("keep_tokens_separator")
        subset.shuffleCaption = try arguments.bool("shuffle_caption")
        subset.flipAug = try arguments.bool("flip_aug")
        subset.captionDropoutRate = try arguments.double("caption_dropout_rate", in: 0...1)
        subset.captionDropoutEveryNEpochs = try arguments.int("caption_dropout_every_n_epochs", in: 0...100_000)
        subset.captionTagDropoutRate = try arguments.double("caption_tag_dropout_rate", in: 0...1)
    }

    static func resolution(_ arguments: StepArguments) throws -> TrainingResolution? {
        switch arguments.values["resolution"] {
        case nil, .null?: return nil
        case .int(let side)? where side > 0: return .square(side)
        case .list(let sides)? where sides.count == 2:
            guard let width = sides[0].intValue, let height = sides[1].intValue, width > 0, height > 0 else { break }
            return .size(width: width, height: height)
        default: break
        }
        throw arguments.fail("resolution", "expected a positive side (1024) or [width, height]")
    }
}

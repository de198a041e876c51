/// `resolution`: one side for a square, or width and height.
public enum TrainingResolution: Hashable, Sendable {
    /// A square of this side (`resolution = 1024`).
    case square(Int)
    /// Width and height (`resolution = [1024, 768]`).
    case size(width: Int, height: Int)

    var toml: TOMLValue {
        switch self {
        case .square(let side): return .integer(side)
        case .size(let width, let height): return .array([.integer(width), .integer(height)])
        }
    }
}

/// Options that sd-scripts allows on a subset and, as defaults, on a dataset or `[general]`.
/// Unset (nil) options are not written, so sd-scripts' defaults apply.
public struct SubsetOptions: Hashable, Sendable {
    /// `keep_tokens`: how many leading tags are never shuffled or dropped.
    public var keepTokens: Int?
    /// `keep_tokens_separator` (e.g. `|||`): marks the end of the fixed part inside captions.
    public var keepTokensSeparator: String?
    /// `secondary_separator`: joins tags that shuffle as one.
    public var secondarySeparator: String?
    /// `caption_separator` (sd-scripts' default is `,`).
    public var captionSeparator: String?
    /// `shuffle_caption`.
    public var shuffleCaption: Bool?
    /// `flip_aug`: horizontal flips (not for asymmetric subjects).
    public var flipAug: Bool?
    /// `color_aug`.
    public var colorAug: Bool?
    /// `random_crop`.
    public var randomCrop: Bool?
    /// `caption_prefix`, added by the trainer.
    public var captionPrefix: String?
    /// `caption_suffix`, added by the trainer.
    public var captionSuffix: String?
    /// `caption_dropout_rate` (0...1): the share of steps trained without caption.
    public var captionDropoutRate: Double?
    /// `caption_dropout_every_n_epochs`.
    public var captionDropoutEveryNEpochs: Int?
    /// `caption_tag_dropout_rate` (0...1): the share of (non-kept) tags dropped per step.
    public var captionTagDropoutRate: Double?
    /// `token_warmup_min`.
    public var tokenWarmupMin: Int?
    /// `token_warmup_step`.
    public var tokenWarmupStep: Double?
    /// `enable_wildcard`.
    public var enableWildcard: Bool?
    /// `resize_interpolation` (e.g. `lanczos`, `area`).
    public var resizeInterpolation: String?
    /// `cache_info`: cache image sizes in a metadata file.
    public var cacheInfo: Bool?

    /// No option set.
    public init() {}

    func write(to table: inout TOMLTable, path: String) throws {
        try check(captionDropoutRate, in: 0...1, "\(path).caption_dropout_rate")
        try check(captionTagDropoutRate, in: 0...1, "\(path).caption_tag_dropout_rate")
        if let keepTokens, keepTokens < 0 { throw invalid("\(path).keep_tokens", "must be 0 or more") }
        table["keep_tokens"] = keepTokens.map { .integer($0) }
        table["keep_tokens_separator"] = keepTokensSeparator.map { .string($0) }
        table["secondary_separator"] = secondarySeparator.map { .string($0) }
        table["caption_separator"] = captionSeparator.map { .string($0) }
        table["shuffle_caption"] = shuffleCaption.map { .boolean($0) }
        table["flip_aug"] = flipAug.map { .boolean($0) }
        table["color_aug"] = colorAug.map { .boolean($0) }
        table["random_crop"] = randomCrop.map { .boolean($0) }
        table["caption_prefix"] = captionPrefix.map { .string($0) }
        table["caption_suffix"] = captionSuffix.map { .string($0) }
        table["caption_dropout_rate"] = captionDropoutRate.map { .float($0) }
        table["caption_dropout_every_n_epochs"] = captionDropoutEveryNEpochs.map { .integer($0) }
        table["caption_tag_dropout_rate"] = captionTagDropoutRate.map { .float($0) }
        table["token_warmup_min"] = tokenWarmupMin.map { .integer($0) }
        table["token_warmup_step"] = tokenWarmupStep.map { .float($0) }
        table["enable_wildcard"] = enableWildcard.map { .boolean($0) }
        table["resize_interpolation"] = resizeInterpolation.map { .string($0) }
        table["cache_info"] = cacheInfo.map { .boolean($0) }
    }
}

/// Options sd-scripts allows on a dataset and, as defaults, in `[general]` (not on subsets).
public struct DatasetOptions: Hashable, Sendable {
    /// `resolution`.
    public var resolution: TrainingResolution?
    /// `batch_size`.
    public var batchSize: Int?
    /// `enable_bucket`: aspect-ratio bucketing.
    public var enableBucket: Bool?
    /// `min_bucket_reso` (sd-scripts' default 256).
    public var minBucketReso: Int?
    /// `max_bucket_reso` (sd-scripts' default 1024).
    public var maxBucketReso: Int?
    /// `bucket_reso_steps` (sd-scripts' default 64).
    public var bucketResoSteps: Int?
    /// `bucket_no_upscale`.
    public var bucketNoUpscale: Bool?
    /// `validation_split` (0 ..< 1), written as a float (sd-scripts' schema refuses an integer).
    public var validationSplit: Double?
    /// `validation_seed`.
    public var validationSeed: Int?
    /// `network_multiplier`.
    public var networkMultiplier: Double?

    /// No option set.
    public init() {}

    func write(to table: inout TOMLTable, path: String) throws {
        switch resolution {
        case .square(let side)? where side <= 0: throw invalid("\(path).resolution", "must be positive")
        case .size(let width, let height)? where width <= 0 || height <= 0:
            throw invalid("\(path).resolution", "width and height must be positive")
        default: break
        }
        if let batchSize, batchSize < 1 { throw invalid("\(path).batch_size", "must be 1 or more") }
        if let bucketResoSteps, bucketResoSteps < 1 { throw invalid("\(path).bucket_reso_steps", "must be 1 or more") }
        if let minBucketReso, let maxBucketReso, minBucketReso > maxBucketReso {
            throw invalid("\(path).min_bucket_reso", "\(minBucketReso) is larger than max_bucket_reso \(maxBucketReso)")
        }
        if let validationSplit, !(0..<1).contains(validationSplit) {
            throw invalid("\(path).validation_split", "must be at least 0 and below 1")
        }
        table["resolution"] = resolution?.toml
        table["batch_size"] = batchSize.map { .integer($0) }
        table["enable_bucket"] = enableBucket.map { .boolean($0) }
        table["min_bucket_reso"] = minBucketReso.map { .integer($0) }
        table["max_bucket_reso"] = maxBucketReso.map { .integer($0) }
        table["bucket_reso_steps"] = bucketResoSteps.map { .integer($0) }
        table["bucket_no_upscale"] = bucketNoUpscale.map { .boolean($0) }
        table["validation_split"] = validationSplit.map { .float($0) }
        table["validation_seed"] = validationSeed.map { .integer($0) }
        table["network_multiplier"] = networkMultiplier.map { .float($0) }
    }
}

/// A DreamBooth-style subset: a folder of images with same-stem caption files.
public struct KohyaSubset: Hashable, Sendable {
    /// `image_dir`: the folder holding the images directly.
    public var imageDir: String
    /// `caption_extension`, always written (sd-scripts' default is `.caption`, a classic trap).
    public var captionExtension: String
    /// `num_repeats`: folder names are not parsed when a TOML config is used.
    public var numRepeats: Int
    /// `class_tokens`: the caption of images without a caption file.
    public var classTokens: String?
    /// `is_reg`: a regularisation subset.
    public var isReg: Bool
    /// `alpha_mask`: train with the alpha channel as loss mask.
    public var alphaMask: Bool
    /// The subset's other options.
    public var options: SubsetOptions

    /// A subset of `imageDir` with captions of `captionExtension`, repeated `numRepeats` times.
    public init(
        imageDir: String, captionExtension: String = ".txt", numRepeats: Int = 1, classTokens: String? = nil,
        isReg: Bool = false, alphaMask: Bool = false, options: SubsetOptions = SubsetOptions()
    ) {
        self.imageDir = imageDir
        self.captionExtension = captionExtension
        self.numRepeats = numRepeats
        self.classTokens = classTokens
        self.isReg = isReg
        self.alphaMask = alphaMask
        self.options = options
    }
}

/// One `[[datasets]]` entry.
public struct KohyaDataset: Hashable, Sendable {
    /// Dataset-level options.
    public var options: DatasetOptions
    /// Subset options set for all subsets of this dataset.
    public var subsetDefaults: SubsetOptions
    /// The subsets (at least one).
    public var subsets: [KohyaSubset]

    /// A dataset of `subsets`.
    public init(
        options: DatasetOptions = DatasetOptions(), subsetDefaults: SubsetOptions = SubsetOptions(),
        subsets: [KohyaSubset]
    ) {
        self.options = options
        self.subsetDefaults = subsetDefaults
        self.subsets = subsets
    }
}

/// sd-scripts' `dataset_config.toml` (`--dataset_config`): `[general]`, `[[datasets]]` and
/// `[[datasets.subsets]]`, the lower level winning. Only keys of `KohyaSchema` are ever written.
///
/// ```swift
/// var config = KohyaDatasetConfig(datasets: [KohyaDataset(subsets: [
///     KohyaSubset(imageDir: "/data/10_sks woman", numRepeats: 10, classTokens: "sks woman")])])
/// config.general.enableBucket = true
/// let text = try config.toml()
/// ```
public struct KohyaDatasetConfig: Hashable, Sendable {
    /// Dataset options in `[general]`.
    public var general: DatasetOptions
    /// Subset options in `[general]`.
    public var generalSubset: SubsetOptions
    /// The datasets (at least one).
    public var datasets: [KohyaDataset]

    /// A config of `datasets` with the given general options.
    public init(
        general: DatasetOptions = DatasetOptions(), generalSubset: SubsetOptions = SubsetOptions(),
        datasets: [KohyaDataset]
    ) {
        self.general = general
        self.generalSubset = generalSubset
        self.datasets = datasets
    }

    /// The config as a TOML table.
    /// - Throws: `DatasetError` (`invalidConfig`) naming the key path of a value out of range, e.g.
    ///   `datasets[0].subsets[1].num_repeats: must be 1 or more`.
    public func table() throws -> TOMLTable {
        var root = TOMLTable()
        var generalTable = TOMLTable()
        try general.write(to: &generalTable, path: "general")
        try generalSubset.write(to: &generalTable, path: "general")
        root["general"] = .table(generalTable)
        guard !datasets.isEmpty else { throw invalid("datasets", "at least one dataset is needed") }
        var datasetTables: [TOMLValue] = []
        for (index, dataset) in datasets.enumerated() {
            let path = "datasets[\(index)]"
            var table = TOMLTable()
            try dataset.options.write(to: &table, path: path)
            try dataset.subsetDefaults.write(to: &table, path: path)
            guard !dataset.subsets.isEmpty else { throw invalid("\(path).subsets", "at least one subset is needed") }
            var subsetTables: [TOMLValue] = []
            for (subsetIndex, subset) in dataset.subsets.enumerated() {
                subsetTables.append(.table(try subsetTable(subset, path: "\(path).subsets[\(subsetIndex)]")))
            }
            table["subsets"] = .array(subsetTables)
            datasetTables.append(.table(table))
        }
        root["datasets"] = .array(datasetTables)
        let unknown = KohyaSchema.unknownKeys(in: root)
        guard unknown.isEmpty else {
            throw DatasetError(
                .unknownKey, "sd-scripts would refuse these dataset keys: \(unknown.joined(separator: ", "))")
        }
        return root
    }

    /// The config as TOML text.
    /// - Throws: as `table()`.
    public func toml() throws -> String {
        TOMLWriter.string(try table())
    }

    private func subsetTable(_ subset: KohyaSubset, path: String) throws -> TOMLTable {
        guard !subset.imageDir.isEmpty else { throw invalid("\(path).image_dir", "must not be empty") }
        guard subset.captionExtension.hasPrefix("."), subset.captionExtension.count > 1 else {
            throw invalid("\(path).caption_extension", "must start with a dot, e.g. .txt")
        }
        guard subset.numRepeats >= 1 else { throw invalid("\(path).num_repeats", "must be 1 or more") }
        var table = TOMLTable()
        table["image_dir"] = .string(subset.imageDir)
        table["caption_extension"] = .string(subset.captionExtension)
        table["num_repeats"] = .integer(subset.numRepeats)
        table["class_tokens"] = subset.classTokens.map { .string($0) }
        table["is_reg"] = .boolean(subset.isReg)
        table["alpha_mask"] = .boolean(subset.alphaMask)
        try subset.options.write(to: &table, path: path)
        return table
    }
}

func invalid(_ path: String, _ message: String) -> DatasetError {
    DatasetError(.invalidConfig, "\(path): \(message)")
}

func check(_ value: Double?, in range: ClosedRange<Double>, _ path: String) throws {
    if let value, !range.contains(value) {
        throw invalid(path, "must be between \(range.lowerBound) and \(range.upperBound)")
    }
}

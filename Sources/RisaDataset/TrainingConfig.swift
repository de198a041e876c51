/// `mixed_precision` values sd-scripts (accelerate) accepts.
public enum MixedPrecision: String, Hashable, Sendable, CaseIterable {
    case no, fp16, bf16
}

/// `save_precision` values sd-scripts accepts.
public enum SavePrecision: String, Hashable, Sendable, CaseIterable {
    case float, fp16, bf16
}

/// The attention implementation: `sdpa = true` or `xformers = true`.
public enum AttentionImplementation: String, Hashable, Sendable, CaseIterable {
    case sdpa, xformers
}

/// sd-scripts' training config (`train_network.py --config_file x.toml`), from typed arguments.
/// Written flat (sd-scripts flattens sections anyway), in a fixed key order; unset (nil) arguments
/// are left to sd-scripts' defaults.
///
/// ```swift
/// var config = TrainingConfig(pretrainedModel: "/models/sdxl.safetensors", outputDir: "out", outputName: "sks")
/// config.networkDim = 16
/// config.datasetConfig = "dataset_config.toml"
/// let text = try config.toml()
/// ```
public struct TrainingConfig: Hashable, Sendable {
    /// `pretrained_model_name_or_path`.
    public var pretrainedModel: String
    /// `network_module` (`networks.lora`).
    public var networkModule = "networks.lora"
    /// `network_dim`: the LoRA rank.
    public var networkDim: Int?
    /// `network_alpha`.
    public var networkAlpha: Double?
    /// `network_args`: `key=value` strings (`conv_dim=4`).
    public var networkArgs: [String] = []
    /// `learning_rate`.
    public var learningRate: Double?
    /// `unet_lr`.
    public var unetLR: Double?
    /// `text_encoder_lr`.
    public var textEncoderLR: Double?
    /// `max_train_steps`.
    public var maxTrainSteps: Int?
    /// `max_train_epochs` (takes precedence over steps in sd-scripts).
    public var maxTrainEpochs: Int?
    /// `output_dir`.
    public var outputDir: String
    /// `output_name`: files are `{output_name}.safetensors` and `{output_name}-{epoch:06d}.safetensors`.
    public var outputName: String
    /// `save_model_as`.
    public var saveModelAs = "safetensors"
    /// `mixed_precision`.
    public var mixedPrecision: MixedPrecision?
    /// `save_precision`.
    public var savePrecision: SavePrecision?
    /// `save_every_n_epochs`.
    public var saveEveryNEpochs: Int?
    /// `save_every_n_steps`.
    public var saveEveryNSteps: Int?
    /// `optimizer_type` (`AdamW8bit`, `Prodigy`...).
    public var optimizerType: String?
    /// `lr_scheduler` (`constant`, `cosine`...).
    public var lrScheduler: String?
    /// `seed`.
    public var seed: Int?
    /// `cache_latents`.
    public var cacheLatents: Bool?
    /// `gradient_checkpointing`.
    public var gradientCheckpointing: Bool?
    /// `sdpa` or `xformers`.
    public var attention: AttentionImplementation?
    /// `clip_skip`.
    public var clipSkip: Int?
    /// `dataset_config`: the path of the dataset TOML.
    public var datasetConfig: String?
    /// `sample_prompts`.
    public var samplePrompts: String?
    /// `logging_dir`.
    public var loggingDir: String?
    /// `log_with` (`tensorboard`, `wandb`, `all`).
    public var logWith: String?
    /// Further arguments by their sd-scripts name, written after the typed ones in key order; each
    /// must be in `SDScriptsArguments.known` and not one of the typed keys.
    public var extra: [String: TOMLValue] = [:]

    /// A config for the model at `pretrainedModel`, writing `outputName` into `outputDir`.
    public init(pretrainedModel: String, outputDir: String, outputName: String) {
        self.pretrainedModel = pretrainedModel
        self.outputDir = outputDir
        self.outputName = outputName
    }

    static let saveFormats: Set<String> = ["ckpt", "pt", "safetensors", "diffusers", "diffusers_safetensors"]
    static let logTargets: Set<String> = ["tensorboard", "wandb", "all"]

    /// The config as a flat TOML table.
    /// - Throws: `DatasetError` naming the argument: `unknownKey` for an extra key sd-scripts does
    ///   not know, `invalidConfig` for a value out of range.
    public func table() throws -> TOMLTable {
        guard !pretrainedModel.isEmpty else { throw invalid("pretrained_model_name_or_path", "must not be empty") }
        guard !outputDir.isEmpty else { throw invalid("output_dir", "must not be empty") }
        guard !outputName.isEmpty, !outputName.contains("/") else {
            throw invalid("output_name", "must be a file name without /")
        }
        guard Self.saveFormats.contains(saveModelAs) else {
            throw invalid("save_model_as", "expected one of \(Self.saveFormats.sorted().joined(separator: ", "))")
        }
        if let logWith, !Self.logTargets.contains(logWith) {
            throw invalid("log_with", "expected tensorboard, wandb or all")
        }
        for (key, value) in [
            ("network_dim", networkDim), ("max_train_steps", maxTrainSteps),
            ("max_train_epochs", maxTrainEpochs), ("save_every_n_epochs", saveEveryNEpochs),
            ("save_every_n_steps", saveEveryNSteps),
        ] {
            if let value, value < 1 { throw invalid(key, "must be 1 or more") }
        }
        for (key, value) in [("learning_rate", learningRate), ("unet_lr", unetLR), ("text_encoder_lr", textEncoderLR)] {
            if let value, !(value >= 0) || !value.isFinite { throw invalid(key, "must be a finite number, 0 or more") }
        }
        if let bad = networkArgs.first(where: { !$0.contains("=") }) {
            throw invalid("network_args", "\(bad) is not key=value")
        }
        var table = TOMLTable()
        table["pretrained_model_name_or_path"] = .string(pretrainedModel)
        table["network_module"] = .string(networkModule)
        table["network_dim"] = networkDim.map { .integer($0) }
        table["network_alpha"] = networkAlpha.map { .float($0) }
        table["network_args"] = networkArgs.isEmpty ? nil : .array(networkArgs.map { .string($0) })
        table["learning_rate"] = learningRate.map { .float($0) }
        table["unet_lr"] = unetLR.map { .float($0) }
        table["text_encoder_lr"] = textEncoderLR.map { .float($0) }
        table["optimizer_type"] = optimizerType.map { .string($0) }
        table["lr_scheduler"] = lrScheduler.map { .string($0) }
        table["max_train_steps"] = maxTrainSteps.map { .integer($0) }
        table["max_train_epochs"] = maxTrainEpochs.map { .integer($0) }
        table["seed"] = seed.map { .integer($0) }
        table["mixed_precision"] = mixedPrecision.map { .string($0.rawValue) }
        table["save_precision"] = savePrecision.map { .string($0.rawValue) }
        table["cache_latents"] = cacheLatents.map { .boolean($0) }
        table["gradient_checkpointing"] = gradientCheckpointing.map { .boolean($0) }
        if let attention { table[attention.rawValue] = .boolean(true) }
        table["clip_skip"] = clipSkip.map { .integer($0) }
        table["dataset_config"] = datasetConfig.map { .string($0) }
        table["output_dir"] = .string(outputDir)
        table["output_name"] = .string(outputName)
        table["save_model_as"] = .string(saveModelAs)
        table["save_every_n_epochs"] = saveEveryNEpochs.map { .integer($0) }
        table["save_every_n_steps"] = saveEveryNSteps.map { .integer($0) }
        table["sample_prompts"] = samplePrompts.map { .string($0) }
        table["logging_dir"] = loggingDir.map { .string($0) }
        table["log_with"] = logWith.map { .string($0) }
        let typed = Set(Self.typedKeys)
        for key in extra.keys.sorted() {
            guard SDScriptsArguments.known.contains(key) else {
                throw DatasetError(.unknownKey, "\(key): not an argument of sd-scripts' train_network.py")
            }
            guard !typed.contains(key) else {
                throw DatasetError(.invalidConfig, "\(key): set it through its typed field, not as an extra argument")
            }
            table[key] = extra[key]
        }
        return table
    }

    /// The config as TOML text.
    /// - Throws: as `table()`.
    public func toml() throws -> String {
        TOMLWriter.string(try table())
    }

    /// The keys the typed fields write.
    public static let typedKeys = [
        "pretrained_model_name_or_path", "network_module", "network_dim", "network_alpha", "network_args",
        "learning_rate", "unet_lr", "text_encoder_lr", "optimizer_type", "lr_scheduler", "max_train_steps",
        "max_train_epochs", "seed", "mixed_precision", "save_precision", "cache_latents", "gradient_checkpointing",
        "sdpa", "xformers", "clip_skip", "dataset_config", "output_dir", "output_name", "save_model_as",
        "save_every_n_epochs", "save_every_n_steps", "sample_prompts", "logging_dir", "log_with",
    ]
}

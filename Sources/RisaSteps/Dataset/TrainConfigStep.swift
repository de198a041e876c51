import Foundation
import RisaCore
import RisaDataset
import RisaModel

/// `train.config`: sd-scripts' training config TOML (`train_network.py --config_file`) from typed
/// arguments.
public struct TrainConfigStep: ActionStepImplementation {
    public var spec: StepTypeSpec { Self.spec }

    /// The registry entry.
    public static let spec = StepTypeSpec(
        name: "train.config",
        version: 1,
        summary: "Write sd-scripts' training config TOML (--config_file) from typed arguments.",
        details: """
            Writes `name` (default `train_config.toml`) with only keys sd-scripts' `train_network.py` knows: the typed \
            arguments below, and `extra` (a map of other sd-scripts arguments, each checked against the list of known \
            argument names; a typed key given in `extra` is refused). Unset arguments are left to sd-scripts' defaults. \
            `dataset_config` is written as given (default `dataset_config.toml`: run the trainer inside the \
            `dataset.build` folder, see the README). Cache: the arguments.
            """,
        arguments: [
            ArgumentSpec(
                "base_model", .string, required: true,
                "pretrained_model_name_or_path: the base checkpoint (path or Hugging Face id)."),
            ArgumentSpec(
                "output_name", .string, required: true, "output_name: the LoRA's file name without extension."),
            ArgumentSpec(
                "output_dir", .string, default: .string("output"), "output_dir: where sd-scripts saves the LoRA."),
            ArgumentSpec(
                "dataset_config", .string, default: .string("dataset_config.toml"),
                "dataset_config: the dataset TOML's path as the trainer sees it."),
            ArgumentSpec("network_module", .string, default: .string("networks.lora"), "network_module."),
            ArgumentSpec("network_dim", .int, "network_dim: the LoRA rank."),
            ArgumentSpec("network_alpha", .number, "network_alpha."),
            ArgumentSpec("network_args", .list(.string), default: .list([]), "network_args: 'key=value' strings."),
            ArgumentSpec("learning_rate", .number, "learning_rate."),
            ArgumentSpec("unet_lr", .number, "unet_lr."),
            ArgumentSpec("text_encoder_lr", .number, "text_encoder_lr."),
            ArgumentSpec("max_train_epochs", .int, "max_train_epochs."),
            ArgumentSpec("max_train_steps", .int, "max_train_steps."),
            ArgumentSpec("mixed_precision", .enumeration(MixedPrecision.allCases.map(\.rawValue)), "mixed_precision."),
            ArgumentSpec("save_precision", .enumeration(SavePrecision.allCases.map(\.rawValue)), "save_precision."),
            ArgumentSpec("optimizer", .string, "optimizer_type (AdamW8bit, Prodigy, ...)."),
            ArgumentSpec("lr_scheduler", .string, "lr_scheduler (constant, cosine, ...)."),
            ArgumentSpec("seed", .int, "seed."),
            ArgumentSpec("save_every_n_epochs", .int, "save_every_n_epochs."),
            ArgumentSpec("save_every_n_steps", .int, "save_every_n_steps."),
            ArgumentSpec("sample_prompts", .string, "sample_prompts: a prompts file."),
            ArgumentSpec("cache_latents", .bool, "cache_latents."),
            ArgumentSpec("gradient_checkpointing", .bool, "gradient_checkpointing."),
            ArgumentSpec(
                "attention", .enumeration(AttentionImplementation.allCases.map(\.rawValue)), "sdpa or xformers."),
            ArgumentSpec("clip_skip", .int, "clip_skip."),
            ArgumentSpec("logging_dir", .string, "logging_dir."),
            ArgumentSpec("log_with", .enumeration(["tensorboard", "wandb", "all"]), "log_with."),
            ArgumentSpec(
                "extra", .map(.json), default: .map([:]),
                "Other sd-scripts arguments by name (checked against the known ones)."),
            ArgumentSpec("name", .string, default: .string("train_config.toml"), "The file name written."),
        ],
        outputs: .fixed([OutputSpec("config", .file, "The training config TOML.")]),
        deterministic: true)

    /// Creates the step.
    public init() {}

    public func execute(_ invocation: StepInvocation) async throws -> [String: ProducedOutput] {
        let arguments = StepArguments(invocation)
        let name = try arguments.string("name", default: "train_config.toml")
        guard !name.isEmpty, !name.contains("/"), name != ".", name != ".." else {
            throw arguments.fail("name", "a plain file name is required, got '\(name)'")
        }
        let config = try Self.config(arguments)
        let text: String
        do {
            text = try config.toml()
        } catch let error as DatasetError {
            throw StepFailure("steps.\(invocation.stepId): \(error.message)", retryable: false)
        }
        try FileWriter.write(Array(text.utf8), to: invocation.outputDirectory.appendingPathComponent(name).path)
        return ["config": .file(name)]
    }

    /// The training config the arguments describe.
    static func config(_ arguments: StepArguments) throws -> TrainingConfig {
        guard let base = try arguments.string("base_model"), !base.isEmpty else {
            throw arguments.fail("base_model", "required")
        }
        guard let outputName = try arguments.string("output_name"), !outputName.isEmpty else {
            throw arguments.fail("output_name", "required")
        }
        var config = TrainingConfig(
            pretrainedModel: base, outputDir: try arguments.string("output_dir", default: "output"),
            outputName: outputName)
        config.networkModule = try arguments.string("network_module", default: "networks.lora")
        config.networkDim = try arguments.int("network_dim")
        config.networkAlpha = try arguments.double("network_alpha")
        config.networkArgs = try arguments.strings("network_args")
        config.learningRate = try arguments.double("learning_rate")
        config.unetLR = try arguments.double("unet_lr")
        config.textEncoderLR = try arguments.double("text_encoder_lr")
        config.maxTrainEpochs = try arguments.int("max_train_epochs")
        config.maxTrainSteps = try arguments.int("max_train_steps")
        config.mixedPrecision = try arguments.string("mixed_precision").flatMap(MixedPrecision.init(rawValue:))
        config.savePrecision = try arguments.string("save_precision").flatMap(SavePrecision.init(rawValue:))
        config.optimizerType = try arguments.string("optimizer")
        config.lrScheduler = try arguments.string("lr_scheduler")
        config.seed = try arguments.int("seed")
        config.saveEveryNEpochs = try arguments.int("save_every_n_epochs")
        config.saveEveryNSteps = try arguments.int("save_every_n_steps")
        config.samplePrompts = try arguments.string("sample_prompts")
        config.cacheLatents = try arguments.bool("cache_latents")
        config.gradientCheckpointing = try arguments.bool("gradient_checkpointing")
        config.attention = try arguments.string("attention").flatMap(AttentionImplementation.init(rawValue:))
        config.clipSkip = try arguments.int("clip_skip")
        config.datasetConfig = try arguments.string("dataset_config", default: "dataset_config.toml")
        config.loggingDir = try arguments.string("logging_dir")
        config.logWith = try arguments.string("log_with")
        for (key, value) in arguments.values["extra"]?.mapValue ?? [:] {
            config.extra[key] = try toml(value, path: "extra.\(key)", arguments)
        }
        return config
    }

    private static func toml(_ value: Value, path: String, _ arguments: StepArguments) throws -> TOMLValue {
        switch value {
        case .string(let text): return .string(text)
        case .int(let number): return .integer(number)
        case .number(let number) where number.isFinite: return .float(number)
        case .bool(let flag): return .boolean(flag)
        case .list(let items):
            return .array(try items.enumerated().map { try toml($0.element, path: "\(path)[\($0.offset)]", arguments) })
        default:
            throw arguments.fail(path, "expected a string, number, boolean or list (sd-scripts arguments are flat)")
        }
    }
}

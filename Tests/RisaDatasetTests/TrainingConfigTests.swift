import RisaCore
import Testing

@testable import RisaDataset

@Suite struct TrainingConfigTests {
    var config: TrainingConfig {
        var config = TrainingConfig(pretrainedModel: "/models/base.safetensors", outputDir: "/out", outputName: "sks")
        config.networkDim = 16
        config.networkAlpha = 8
        config.networkArgs = ["conv_dim=4", "conv_alpha=1"]
        config.learningRate = 1e-4
        config.unetLR = 1e-4
        config.textEncoderLR = 5e-5
        config.maxTrainEpochs = 10
        config.mixedPrecision = .bf16
        config.savePrecision = .fp16
        config.saveEveryNEpochs = 2
        config.optimizerType = "AdamW8bit"
        config.lrScheduler = "cosine"
        config.seed = 42
        config.cacheLatents = true
        config.gradientCheckpointing = true
        config.attention = .sdpa
        config.clipSkip = 2
        config.datasetConfig = "/out/dataset_config.toml"
        config.samplePrompts = "/out/prompts.txt"
        config.loggingDir = "/out/logs"
        config.logWith = "tensorboard"
        config.extra = ["train_batch_size": .integer(2), "noise_offset": .float(0.05)]
        return config
    }

    @Test func writesOnlyKeysSDScriptsKnows() throws {
        let table = try config.table()
        #expect(table.keys.allSatisfy(SDScriptsArguments.known.contains))
        #expect(TrainingConfig.typedKeys.allSatisfy(SDScriptsArguments.known.contains))
        #expect(table["sdpa"] == .boolean(true) && table["xformers"] == nil)
        #expect(table.keys.suffix(2) == ["noise_offset", "train_batch_size"])
    }

    @Test(.enabled(if: PythonTOML.isAvailable)) func parsesBackWithTomllib() throws {
        let parsed = try PythonTOML.parse(try config.toml())
        #expect(parsed == TOMLValue.table(try config.table()).value)
        #expect(parsed["network_args"] == .list([.string("conv_dim=4"), .string("conv_alpha=1")]))
        #expect(parsed["network_alpha"] == .number(8))
        #expect(parsed["learning_rate"] == .number(1e-4))
    }

    @Test func refusesUnknownAndInvalidArguments() {
        var bad = config
        bad.extra["learning_rat"] = .float(1)
        #expect(throws: DatasetError(.unknownKey, "learning_rat: not an argument of sd-scripts' train_network.py")) {
            try bad.toml()
        }
        bad = config
        bad.extra["seed"] = .integer(1)
        #expect(throws: DatasetError.self) { try bad.toml() }
        bad = config
        bad.saveModelAs = "bin"
        #expect(throws: DatasetError.self) { try bad.toml() }
        bad = config
        bad.networkArgs = ["conv_dim"]
        #expect(throws: DatasetError(.invalidConfig, "network_args: conv_dim is not key=value")) { try bad.toml() }
        bad = config
        bad.maxTrainSteps = 0
        #expect(throws: DatasetError(.invalidConfig, "max_train_steps: must be 1 or more")) { try bad.toml() }
    }
}

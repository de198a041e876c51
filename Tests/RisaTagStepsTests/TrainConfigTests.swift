import Foundation
import RisaCore
import RisaDataset
import Testing

/// `train.config` writes sd-scripts' `--config_file` TOML with known keys only.
@Suite struct TrainConfigTests {
    @Test func typedArgumentsAndKnownExtrasBecomeTheTOML() async throws {
        let project = try Project()
        defer { project.remove() }
        let summary = try await project.run(
            """
            steps:
              config:
                uses: train.config
                with:
                  base_model: /models/sdxl.safetensors
                  output_name: sks-lora
                  network_dim: 16
                  network_alpha: 8
                  learning_rate: 0.0001
                  max_train_epochs: 10
                  mixed_precision: bf16
                  optimizer: AdamW8bit
                  attention: sdpa
                  seed: 42
                  network_args: [conv_dim=4]
                  extra: {noise_offset: 0.05, max_data_loader_n_workers: 2}
            """)
        #expect(summary.status == "succeeded", "\(summary.step("config")?.error ?? "")")
        let toml = try await DatasetBuildTests.parseTOML(project.url("out/p/config/train_config.toml").path)
        #expect(toml["pretrained_model_name_or_path"] == .string("/models/sdxl.safetensors"))
        #expect(toml["network_module"] == .string("networks.lora"))
        #expect(toml["network_dim"] == .int(16))
        #expect(toml["network_alpha"] == .number(8))
        #expect(toml["mixed_precision"] == .string("bf16"))
        #expect(toml["sdpa"] == .bool(true))
        #expect(toml["dataset_config"] == .string("dataset_config.toml"))
        #expect(toml["output_dir"] == .string("output"))
        #expect(toml["noise_offset"] == .number(0.05))
        #expect(toml["network_args"] == .list([.string("conv_dim=4")]))
        for key in (toml.mapValue ?? [:]).keys { #expect(SDScriptsArguments.known.contains(key), "\(key)") }
    }

    @Test func unknownExtraArgumentsAreRefused() async throws {
        let project = try Project()
        defer { project.remove() }
        let summary = try await project.run(
            """
            steps:
              config:
                uses: train.config
                with: {base_model: m.safetensors, output_name: x, extra: {learning_rat: 0.1}}
            """)
        let error = summary.step("config")?.error ?? ""
        #expect(error.contains("learning_rat: not an argument of sd-scripts' train_network.py"), "\(error)")
    }
}

import RisaCore
import Testing

@testable import RisaDataset

@Suite struct KohyaDatasetConfigTests {
    var config: KohyaDatasetConfig {
        var general = DatasetOptions()
        general.resolution = .size(width: 1024, height: 768)
        general.enableBucket = true
        general.minBucketReso = 256
        general.maxBucketReso = 2048
        general.bucketResoSteps = 64
        general.bucketNoUpscale = true
        general.batchSize = 2
        general.validationSplit = 0.1
        general.validationSeed = 42
        var subsetGeneral = SubsetOptions()
        subsetGeneral.shuffleCaption = true
        subsetGeneral.keepTokensSeparator = "|||"
        subsetGeneral.captionDropoutRate = 0.05
        var character = SubsetOptions()
        character.keepTokens = 2
        character.flipAug = false
        return KohyaDatasetConfig(
            general: general, generalSubset: subsetGeneral,
            datasets: [
                KohyaDataset(subsets: [
                    KohyaSubset(
                        imageDir: "/data/10_sks woman", numRepeats: 10, classTokens: "sks woman",
                        alphaMask: true, options: character),
                    KohyaSubset(imageDir: "/data/reg", captionExtension: ".caption", numRepeats: 1, isReg: true),
                ])
            ])
    }

    @Test func writesAllLevelsWithOnlyAllowedKeys() throws {
        let table = try config.table()
        #expect(KohyaSchema.unknownKeys(in: table).isEmpty)
        let text = try config.toml()
        #expect(text.hasPrefix("[general]\nresolution = [1024, 768]\n"))
        #expect(text.contains("validation_split = 0.1\n"))
        #expect(
            text.contains(
                "[[datasets]]\n\n[[datasets.subsets]]\nimage_dir = \"/data/10_sks woman\"\n"
                    + "caption_extension = \".txt\"\nnum_repeats = 10\nclass_tokens = \"sks woman\"\nis_reg = false\n"
                    + "alpha_mask = true\nkeep_tokens = 2\nflip_aug = false\n"))
    }

    @Test(.enabled(if: PythonTOML.isAvailable)) func parsesBackWithTomllib() throws {
        let parsed = try PythonTOML.parse(try config.toml())
        #expect(parsed == TOMLValue.table(try config.table()).value)
        let subsets = parsed["datasets"]?.listValue?.first?["subsets"]?.listValue
        #expect(subsets?.map { $0["caption_extension"] } == [.string(".txt"), .string(".caption")])
        #expect(parsed["general"]?["validation_split"] == .number(0.1))
    }

    @Test func refusesOutOfRangeValuesNamingThePath() {
        var bad = config
        bad.datasets[0].subsets[1].numRepeats = 0
        #expect(throws: DatasetError(.invalidConfig, "datasets[0].subsets[1].num_repeats: must be 1 or more")) {
            try bad.toml()
        }
        bad = config
        bad.datasets[0].subsets[0].captionExtension = "txt"
        #expect(throws: DatasetError.self) { try bad.toml() }
        bad = config
        bad.general.validationSplit = 1
        #expect(throws: DatasetError(.invalidConfig, "general.validation_split: must be at least 0 and below 1")) {
            try bad.toml()
        }
        bad = config
        bad.datasets[0].subsets = []
        #expect(throws: DatasetError.self) { try bad.toml() }
        bad = config
        bad.general.minBucketReso = 4096
        #expect(throws: DatasetError.self) { try bad.toml() }
    }

    @Test func schemaCheckFindsUnknownKeys() {
        var subset = TOMLTable()
        subset["image_dir"] = .string("x")
        subset["batch_size"] = .integer(1)
        var dataset = TOMLTable()
        dataset["is_reg"] = .boolean(true)
        dataset["subsets"] = .array([.table(subset)])
        var root = TOMLTable()
        root["general"] = .table(TOMLTable())
        root["datasets"] = .array([.table(dataset)])
        root["extra"] = .integer(1)
        #expect(
            KohyaSchema.unknownKeys(in: root) == ["datasets[0].is_reg", "datasets[0].subsets[0].batch_size", "extra"])
    }
}

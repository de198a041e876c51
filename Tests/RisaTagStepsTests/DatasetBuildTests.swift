import Foundation
import RisaCore
import RisaDataset
import RisaTags
import Testing

/// `dataset.build` writes the kohya layout, a dataset TOML sd-scripts accepts, and a manifest; it
/// lists every requirement violation per item; its validation split is seeded.
@Suite struct DatasetBuildTests {
    /// Runs `python3 -c code args...` and returns its standard output.
    static func python(_ code: String, _ arguments: [String]) async throws -> String {
        try await ChildProcess.output("python3", ["-c", code] + arguments)
    }

    /// The TOML file at `path` as parsed by Python's tomllib, as a value.
    static func parseTOML(_ path: String) async throws -> Value {
        try CanonicalJSON.parse(
            try await python(
                "import json, sys, tomllib; print(json.dumps(tomllib.load(open(sys.argv[1], 'rb'))))", [path]))
    }

    /// A project with `count` captioned images in media/ and two reg images in reg/.
    static func makeProject(count: Int = 8) throws -> Project {
        let project = try Project()
        for index in 0..<count {
            let name = String(format: "media/img%02d", index)
            try project.write(
                name + ".png", bytes: TestImages.png(width: 64, height: 48, rgb: (UInt8(index * 20), 10, 10)))
            try project.write(name + ".txt", "sks, tag \(index)\n")
        }
        try project.write("reg/r1.png", bytes: TestImages.png(width: 32, height: 32, rgb: (1, 2, 3)))
        try project.write("reg/r2.png", bytes: TestImages.png(width: 32, height: 32, rgb: (3, 2, 1)))
        return project
    }

    static func pipeline(_ options: String) -> String {
        """
        steps:
          imported:
            uses: tags.import
            with: {images: media/}
          captioned:
            uses: caption.write
            with: {images: "${{ steps.imported.outputs.images }}", order: given}
          build:
            uses: dataset.build
            with: {images: "${{ steps.captioned.outputs.images }}", token: sks, class: woman, \(options)}
        """
    }

    @Test func writesTheKohyaLayoutAnAcceptedTOMLAndTheManifest() async throws {
        let project = try Self.makeProject()
        defer { project.remove() }
        let summary = try await project.run(
            Self.pipeline(
                "repeats: 5, reg_images: reg/, reg_repeats: 2, validation_split: 0.25, seed: 7, keep_tokens: 1, "
                    + "shuffle_caption: true, flip_aug: false, caption_dropout_rate: 0.1, resolution: [1024, 768]"))
        #expect(summary.status == "succeeded", "\(summary.step("build")?.error ?? "")")
        let root = project.url("out/p/build/dataset")
        let files = try FileManager.default.subpathsOfDirectory(atPath: root.path).sorted()
        let training = files.filter { $0.hasPrefix("5_sks woman/") && $0.hasSuffix(".png") }
        let validation = files.filter { $0.hasPrefix("validation/1_sks woman/") && $0.hasSuffix(".png") }
        #expect(training.count == 6)
        #expect(validation.count == 2)
        #expect(files.contains("reg/2_woman/r1.png"))
        #expect(files.contains("dataset_config.toml") && files.contains("manifest.json"))
        let firstImage = try #require(training.first)
        let caption = try project.read(
            "out/p/build/dataset/" + firstImage.replacingOccurrences(of: ".png", with: ".txt"))
        #expect(caption.hasPrefix("sks, tag ") && caption.hasSuffix("\n"))

        let toml = try await Self.parseTOML(root.appendingPathComponent("dataset_config.toml").path)
        let dataset = try #require(toml["datasets"]?.listValue?.first)
        #expect(dataset["resolution"] == .list([.int(1024), .int(768)]))
        #expect(dataset["keep_tokens"] == .int(1))
        #expect(dataset["validation_split"] == nil)
        let subsets = try #require(dataset["subsets"]?.listValue)
        #expect(subsets[0]["image_dir"] == .string("5_sks woman"))
        #expect(subsets[0]["caption_extension"] == .string(".txt"))
        #expect(subsets[0]["num_repeats"] == .int(5))
        #expect(subsets[0]["class_tokens"] == .string("sks woman"))
        #expect(subsets[1]["image_dir"] == .string("reg/2_woman") && subsets[1]["is_reg"] == .bool(true))
        for key in (toml.mapValue ?? [:]).keys { #expect(["general", "datasets"].contains(key)) }
        for key in toml["general"]?.mapValue?.keys.sorted() ?? [] {
            #expect(KohyaSchema.general.contains(key), "\(key)")
        }
        for key in dataset.mapValue?.keys.sorted() ?? [] where key != "subsets" {
            #expect(KohyaSchema.dataset.contains(key), "\(key)")
        }
        for subset in subsets {
            for key in subset.mapValue?.keys.sorted() ?? [] { #expect(KohyaSchema.subset.contains(key), "\(key)") }
        }

        let manifest = try DatasetManifest(
            value: try CanonicalJSON.parse(try project.read("out/p/build/dataset/manifest.json")))
        #expect(manifest.entries.count == 10)
        let entry = try #require(manifest.entries.first { $0.path == firstImage })
        #expect(entry.width == 64 && entry.height == 48)
        #expect(entry.caption == String(caption.dropLast()))
        let bytes = try Data(contentsOf: root.appendingPathComponent(firstImage))
        #expect(entry.digest == Digest(of: bytes))
        #expect(entry.size == bytes.count)
        #expect(entry.provenance.last?["item"]?.stringValue?.hasPrefix("img") == true)
        #expect(manifest.metadata["validation"] == .string("validation/1_sks woman"))
    }

    @Test func theValidationSplitIsSeeded() async throws {
        func held(seed: Int) async throws -> [String] {
            let project = try Self.makeProject(count: 12)
            defer { project.remove() }
            let summary = try await project.run(Self.pipeline("validation_split: 0.25, seed: \(seed)"))
            #expect(summary.status == "succeeded", "\(summary.step("build")?.error ?? "")")
            return try FileManager.default.contentsOfDirectory(
                atPath: project.url("out/p/build/dataset/validation/1_sks woman").path
            ).sorted()
        }
        let first = try await held(seed: 3)
        #expect(first.count == 6)
        #expect(try await held(seed: 3) == first)
        var others: Set<[String]> = []
        for seed in 4...6 { others.insert(try await held(seed: seed)) }
        #expect(others.contains { $0 != first })
    }

    @Test func sdScriptsValidationModeWritesTheSplitIntoTheTOML() async throws {
        let project = try Self.makeProject()
        defer { project.remove() }
        let summary = try await project.run(
            Self.pipeline("validation_split: 0.2, validation_mode: sd-scripts, seed: 9"))
        #expect(summary.status == "succeeded", "\(summary.step("build")?.error ?? "")")
        let toml = try await Self.parseTOML(project.url("out/p/build/dataset/dataset_config.toml").path)
        let dataset = try #require(toml["datasets"]?.listValue?.first)
        #expect(dataset["validation_split"] == .number(0.2))
        #expect(dataset["validation_seed"] == .int(9))
        #expect(!FileManager.default.fileExists(atPath: project.url("out/p/build/dataset/validation").path))
    }

    @Test func everyViolationIsListedPerItem() async throws {
        let project = try Self.makeProject(count: 1)
        defer { project.remove() }
        try project.write("media/deep.png", bytes: TestImages.png(width: 64, height: 64, bitDepth: 16))
        try project.write("media/deep.txt", "sks\n")
        try project.write("media/alpha.png", bytes: TestImages.png(width: 64, height: 64, alpha: true))
        try project.write("media/alpha.txt", "sks\n")
        try project.write("media/bare.png", bytes: TestImages.png(width: 64, height: 64, rgb: (7, 7, 7)))
        try project.write("media/tiny.png", bytes: TestImages.png(width: 16, height: 16))
        try project.write("media/tiny.txt", "sks\n")
        let summary = try await project.run(Self.pipeline("min_side: 32, min_images: 10"))
        let error = try #require(summary.step("build")?.error)
        #expect(error.contains("5 problem(s)"), "\(error)")
        #expect(error.contains("the dataset has 5 training images, at least 10 are required"), "\(error)")
        #expect(error.contains("10_sks woman/deep.png: 16 bits per channel"), "\(error)")
        #expect(error.contains("10_sks woman/alpha.png: has an alpha channel but alpha_mask is off"), "\(error)")
        #expect(error.contains("10_sks woman/bare.png: has no caption file"), "\(error)")
        #expect(error.contains("10_sks woman/tiny.png: 16x16 is smaller than 32 pixels"), "\(error)")
        #expect(!FileManager.default.fileExists(atPath: project.url("out/p/build").path))
    }
}

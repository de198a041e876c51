import Foundation
import RisaCore
import RisaDataset
import RisaTags

/// Where each image of a `dataset.build` goes, the requirement check over them, and the writing of
/// the folders, `dataset_config.toml` and `manifest.json`.
struct DatasetLayout {
    /// One image placed in a subset folder.
    struct Placed {
        let item: InputItem
        /// The folder inside the dataset (`10_sks woman`, `reg/1_woman`).
        let folder: String
        /// The image's file name there.
        let fileName: String
        let header: ImageHeader?
        let caption: String?
        let isReg: Bool
        var path: String { folder + "/" + fileName }
    }

    let options: DatasetBuildOptions
    private(set) var placed: [Placed] = []
    let trainFolder: String
    let regFolder: String?
    let validationFolder: String?
    private var trainingCount = 0
    private var validationCount = 0
    private var regCount = 0

    init(options: DatasetBuildOptions, training: [InputItem], regularisation: [InputItem]) throws {
        self.options = options
        func folderName(_ repeats: Int, _ token: String, _ className: String?) throws -> String {
            do {
                return try SubsetFolder.name(repeats: repeats, token: token, className: className)
            } catch let error as DatasetError {
                throw StepFailure(error.message, retryable: false)
            }
        }
        trainFolder = try folderName(options.repeats, options.token, options.className)
        let sorted = training.sorted { UTF8Order.precedes($0.name, $1.name) }
        var train = sorted
        var validation: [InputItem] = []
        if options.holdout, options.validationSplit > 0 {
            let split = try ValidationSplit.split(
                sorted, fraction: options.validationSplit, seed: UInt64(bitPattern: Int64(options.seed))
            ) {
                $0.digest.hex + "\u{0}" + $0.name
            }
            train = split.training
            validation = split.validation
        }
        validationFolder =
            validation.isEmpty ? nil : "validation/" + (try folderName(1, options.token, options.className))
        if regularisation.isEmpty {
            regFolder = nil
        } else {
            guard !options.className.isEmpty else {
                throw StepFailure(
                    "reg_images need a class word (`class:`): it is their caption token", retryable: false)
            }
            regFolder = "reg/" + (try folderName(options.regRepeats, options.className, nil))
        }
        for item in train { placed.append(Self.place(item, in: trainFolder, isReg: false)) }
        if let validationFolder {
            for item in validation { placed.append(Self.place(item, in: validationFolder, isReg: false)) }
        }
        if let regFolder {
            for item in regularisation.sorted(by: { UTF8Order.precedes($0.name, $1.name) }) {
                placed.append(Self.place(item, in: regFolder, isReg: true))
            }
        }
        trainingCount = train.count
        validationCount = validation.count
        regCount = regularisation.count
    }

    private static func place(_ item: InputItem, in folder: String, isReg: Bool) -> Placed {
        Placed(
            item: item, folder: folder, fileName: item.name.replacingOccurrences(of: "/", with: "_"),
            header: ImageHeader.read(item.file), caption: TagMetadata.caption(in: item.metadata), isReg: isReg)
    }

    /// Every requirement violation, the dataset's first, then per item in folder order.
    func check() -> [String] {
        var messages: [String] = []
        func facts(_ entry: Placed) -> DatasetItem {
            let header = entry.header
            return DatasetItem(
                name: entry.path, width: header?.width ?? 0, height: header?.height ?? 0,
                bitDepth: header?.bitDepth ?? 8,
                hasAlpha: header?.hasAlpha ?? false, caption: entry.caption.map { Array(($0 + "\n").utf8) })
        }
        for entry in placed where entry.header == nil && ItemNames.isImage(entry.fileName) {
            messages.append("\(entry.path): cannot read the image's header (a damaged or mislabelled file)")
        }
        var main = options.requirements
        let training = placed.filter { !$0.isReg }
        main.minimumItems = 0
        if trainingCount < options.requirements.minimumItems {
            messages.append(
                "the dataset has \(trainingCount) training images, at least "
                    + "\(options.requirements.minimumItems) are required"
            )
        }
        messages += main.check(training.map(facts)).map(\.message)
        var reg = options.requirements
        reg.minimumItems = 0
        reg.requireCaptions = false
        messages += reg.check(placed.filter(\.isReg).map(facts)).map(\.message)
        return messages
    }

    /// Writes the dataset under `root`.
    /// - Returns: a summary line for the log.
    func write(to root: URL) throws -> String {
        let manager = FileManager.default
        var entries: [ManifestEntry] = []
        for folder in Set(placed.map(\.folder)) {
            try manager.createDirectory(at: root.appendingPathComponent(folder), withIntermediateDirectories: true)
        }
        for entry in placed {
            guard let bytes = manager.contents(atPath: entry.item.path) else {
                throw StepFailure("\(entry.item.name): cannot read the image", retryable: true)
            }
            try FileWriter.write(Array(bytes), to: root.appendingPathComponent(entry.path).path)
            if let caption = entry.caption {
                let captionPath = entry.folder + "/" + ItemNames.stem(entry.fileName) + options.captionExtension
                try FileWriter.write(Array((caption + "\n").utf8), to: root.appendingPathComponent(captionPath).path)
            }
            entries.append(
                ManifestEntry(
                    path: entry.path, digest: entry.item.digest, size: Int(entry.item.size),
                    width: entry.header?.width ?? 0,
                    height: entry.header?.height ?? 0, caption: entry.caption,
                    tags: (try? TagMetadata.tags(in: entry.item.metadata)) ?? [],
                    provenance: Self.provenance(entry.item)))
        }
        try FileWriter.write(
            Array(try config().toml().utf8), to: root.appendingPathComponent("dataset_config.toml").path)
        let manifest = DatasetManifest(entries: entries, metadata: manifestMetadata())
        try FileWriter.write(Array(manifest.json.utf8), to: root.appendingPathComponent("manifest.json").path)
        return
            "\(trainingCount) training, \(validationCount) validation and \(regCount) regularisation images in "
            + trainFolder
    }

    /// The sd-scripts dataset config: one dataset with the training subset and the reg subset.
    func config() throws -> KohyaDatasetConfig {
        let classTokens = [options.token, options.className].filter { !$0.isEmpty }.joined(separator: " ")
        var subsets = [
            KohyaSubset(
                imageDir: trainFolder, captionExtension: options.captionExtension, numRepeats: options.repeats,
                classTokens: classTokens, alphaMask: options.alphaMask)
        ]
        if let regFolder {
            subsets.append(
                KohyaSubset(
                    imageDir: regFolder, captionExtension: options.captionExtension, numRepeats: options.regRepeats,
                    classTokens: options.className, isReg: true, alphaMask: options.alphaMask))
        }
        let config = KohyaDatasetConfig(datasets: [
            KohyaDataset(options: options.dataset, subsetDefaults: options.subset, subsets: subsets)
        ])
        do {
            _ = try config.table()
        } catch let error as DatasetError {
            throw StepFailure("dataset_config.toml: \(error.message)", retryable: false)
        }
        return config
    }

    private func manifestMetadata() -> [String: Value] {
        var metadata: [String: Value] = [
            "token": .string(options.token), "class": .string(options.className), "repeats": .int(options.repeats),
            "caption_extension": .string(options.captionExtension), "training": .string(trainFolder),
            "seed": .int(options.seed), "validation_split": .number(options.validationSplit),
            "validation_mode": .string(options.holdout ? "holdout" : "sd-scripts"),
        ]
        if let separator = options.subset.keepTokensSeparator { metadata["keep_tokens_separator"] = .string(separator) }
        if let validationFolder { metadata["validation"] = .string(validationFolder) }
        if let regFolder { metadata["regularisation"] = .string(regFolder) }
        return metadata
    }

    /// The item's provenance, oldest first: where it entered the pipeline, the video frame, the box.
    static func provenance(_ item: InputItem) -> [Value] {
        var chain: [Value] = []
        if let source = item.metadata[ItemMetadata.source] { chain.append(.map(["source": source])) }
        if let frame = item.metadata[ItemMetadata.frame] { chain.append(.map(["frame": frame])) }
        if let box = item.metadata[ItemMetadata.box] { chain.append(.map(["box": box])) }
        chain.append(.map(["item": .string(item.name)]))
        return chain
    }
}

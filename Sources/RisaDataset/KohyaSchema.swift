/// The keys sd-scripts' dataset config accepts at each level, for DreamBooth-style (image_dir +
/// caption files) datasets with dropout support (what `train_network.py` uses).
///
/// Taken from `library/config_util.py` of kohya-ss/sd-scripts (commit 48d368f, February 2026):
/// `SUBSET_ASCENDABLE_SCHEMA`, `DO_SUBSET_ASCENDABLE_SCHEMA`, `DB_SUBSET_ASCENDABLE_SCHEMA`,
/// `DB_SUBSET_DISTINCT_SCHEMA` and `DATASET_ASCENDABLE_SCHEMA`. Unknown keys make sd-scripts fail
/// with "extra keys not allowed", so the writers only ever emit these.
public enum KohyaSchema {
    /// Subset options that may also sit at dataset or general level.
    public static let subsetAscendable: Set<String> = [
        "color_aug", "face_crop_aug_range", "flip_aug", "num_repeats", "random_crop", "shuffle_caption",
        "keep_tokens", "keep_tokens_separator", "secondary_separator", "caption_separator", "enable_wildcard",
        "token_warmup_min", "token_warmup_step", "caption_prefix", "caption_suffix", "custom_attributes",
        "resize_interpolation",
        // Dropout (train_network.py supports it).
        "caption_dropout_every_n_epochs", "caption_dropout_rate", "caption_tag_dropout_rate",
        // DreamBooth.
        "caption_extension", "class_tokens", "cache_info",
    ]
    /// Keys only a DreamBooth subset may have.
    public static let subsetDistinct: Set<String> = ["image_dir", "is_reg", "alpha_mask"]
    /// Dataset options that may also sit at general level (not at subset level).
    public static let datasetAscendable: Set<String> = [
        "batch_size", "bucket_no_upscale", "bucket_reso_steps", "enable_bucket", "max_bucket_reso",
        "min_bucket_reso", "validation_seed", "validation_split", "resolution", "network_multiplier",
    ]

    /// The keys allowed in `[general]`.
    public static var general: Set<String> { datasetAscendable.union(subsetAscendable) }
    /// The keys allowed in a `[[datasets]]` table (besides `subsets`).
    public static var dataset: Set<String> { datasetAscendable.union(subsetAscendable) }
    /// The keys allowed in a `[[datasets.subsets]]` table.
    public static var subset: Set<String> { subsetAscendable.union(subsetDistinct) }

    /// The keys of a dataset config table that sd-scripts would refuse, each with its path
    /// (`datasets[0].subsets[1].foo`); empty when the config is acceptable.
    public static func unknownKeys(in config: TOMLTable) -> [String] {
        var problems: [String] = []
        for entry in config.entries {
            switch (entry.key, entry.value) {
            case ("general", .table(let general)):
                problems += general.keys.filter { !Self.general.contains($0) }.map { "general.\($0)" }
            case ("datasets", .array(let datasets)):
                for (index, item) in datasets.enumerated() {
                    guard case .table(let dataset) = item else {
                        problems.append("datasets[\(index)]")
                        continue
                    }
                    for key in dataset.keys where key != "subsets" && !Self.dataset.contains(key) {
                        problems.append("datasets[\(index)].\(key)")
                    }
                    guard case .array(let subsets)? = dataset["subsets"] else { continue }
                    for (subsetIndex, subsetItem) in subsets.enumerated() {
                        guard case .table(let subset) = subsetItem else { continue }
                        for key in subset.keys where !Self.subset.contains(key) {
                            problems.append("datasets[\(index)].subsets[\(subsetIndex)].\(key)")
                        }
                    }
                }
            default:
                problems.append(entry.key)
            }
        }
        return problems
    }
}

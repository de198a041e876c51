import RisaModel

/// Every step type built into Risa: the registry the validator, `risa steps`, the JSON Schema and
/// the engine share.
public enum BuiltinSteps {
    /// The implementation of every built-in step type.
    public static let implementations: [any StepImplementation] = [
        ShellStepRunner(),
        FilesMapStep(),
        TextWriteStep(),
        ImagesMergeStep(),
        ArchiveZipStep(),
        ArchiveUnzipStep(),
        MediaImportStep(),
        VideoFramesStep(),
        ImageTransformStep(),
        ImageFilterStep(),
        ImageDedupeStep(),
        ImageBucketStep(),
        TagsImportStep(),
        TaggerRunStep(),
        TagsMapStep(),
        CaptionWriteStep(),
        DatasetBuildStep(),
        TrainConfigStep(),
    ]

    /// Implementations by step type name.
    public static let implementationsByName: [String: any StepImplementation] = Dictionary(
        uniqueKeysWithValues: implementations.map { ($0.spec.name, $0) })

    /// The specs of every built-in step type.
    public static let specs: [StepTypeSpec] = implementations.map(\.spec)

    /// The catalog of built-in step types.
    public static let catalog = StepCatalog(specs)
}

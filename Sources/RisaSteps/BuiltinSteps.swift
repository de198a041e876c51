import RisaModel

/// Every step type built into Risa: the registry the validator, `risa steps`, the JSON Schema and
/// the engine share.
public enum BuiltinSteps {
    /// The specs of every built-in step type.
    public static let specs: [StepTypeSpec] = [
        ShellStep.spec,
    ]

    /// The catalog of built-in step types.
    public static let catalog = StepCatalog(specs)
}

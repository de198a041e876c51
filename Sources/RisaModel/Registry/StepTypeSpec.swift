import RisaCore

/// What a step type declares about itself in the registry: its arguments, outputs, version and
/// whether it is deterministic. The validator, `risa steps show`, the JSON Schema and the README
/// are all made from this, so they cannot drift apart.
public struct StepTypeSpec: Sendable {
    /// The type's name, `family.verb` (or `shell`).
    public var name: String
    /// Bumped whenever the step's output for the same inputs may change; part of every cache key.
    public var version: Int
    /// One line: what the step does.
    public var summary: String
    /// Longer documentation (cache behaviour, examples), Markdown.
    public var details: String
    /// Declared arguments, in documentation order.
    public var arguments: [ArgumentSpec]
    /// Declared outputs.
    public var outputs: OutputsSpec
    /// Whether the same inputs always give the same output bytes (safe to cache and to verify).
    public var deterministic: Bool
    /// Native libraries whose versions enter the step's cache keys (e.g. `libavcodec`).
    public var libraries: [String]

    /// Creates a spec.
    public init(
        name: String, version: Int, summary: String, details: String = "", arguments: [ArgumentSpec],
        outputs: OutputsSpec, deterministic: Bool, libraries: [String] = []
    ) {
        self.name = name
        self.version = version
        self.summary = summary
        self.details = details
        self.arguments = arguments
        self.outputs = outputs
        self.deterministic = deterministic
        self.libraries = libraries
    }

    /// The argument named `name`, if declared.
    public func argument(_ name: String) -> ArgumentSpec? { arguments.first { $0.name == name } }
}

/// One declared argument of a step type.
public struct ArgumentSpec: Sendable {
    /// The key under `with:`.
    public var name: String
    /// Its type.
    public var type: ValueType
    /// Whether it must be given.
    public var required: Bool
    /// The value used when it is not given.
    public var defaultValue: Value?
    /// What it means.
    public var summary: String

    /// Creates an argument spec.
    public init(
        _ name: String, _ type: ValueType, required: Bool = false, default defaultValue: Value? = nil, _ summary: String
    ) {
        self.name = name
        self.type = type
        self.required = required
        self.defaultValue = defaultValue
        self.summary = summary
    }
}

/// One declared output of a step type.
public struct OutputSpec: Sendable {
    /// The output's name (`steps.ID.outputs.NAME`).
    public var name: String
    /// Its type.
    public var type: ValueType
    /// What it holds.
    public var summary: String

    /// Creates an output spec.
    public init(_ name: String, _ type: ValueType, _ summary: String) {
        self.name = name
        self.type = type
        self.summary = summary
    }
}

/// How a step type's outputs are known.
public enum OutputsSpec: Sendable {
    /// A fixed list.
    case fixed([OutputSpec])
    /// One output per key of a map argument (the `shell` step's `outputs:`): a value ending in `/`
    /// names a folder (`files`), any other a single `file`.
    case fromPathMap(argument: String)

    /// The outputs of a step whose arguments are `arguments` (for `fromPathMap`, the literal keys).
    public func resolve(arguments: [ArgumentNode]) -> [OutputSpec] {
        switch self {
        case .fixed(let outputs):
            return outputs
        case .fromPathMap(let name):
            guard let entries = arguments.first(where: { $0.key == name })?.node.entries else { return [] }
            return entries.map { entry in
                let isFolder = entry.value.scalar?.text.hasSuffix("/") ?? false
                return OutputSpec(
                    entry.key, isFolder ? .files : .file,
                    isFolder
                        ? "the folder \(entry.value.scalar?.text ?? "")" : "the file \(entry.value.scalar?.text ?? "")")
            }
        }
    }
}

/// The step types a validator knows, by name.
public struct StepCatalog: Sendable {
    /// Every spec, by name.
    public let specs: [String: StepTypeSpec]

    /// Creates a catalog; later specs with the same name replace earlier ones.
    public init(_ specs: [StepTypeSpec]) {
        var byName: [String: StepTypeSpec] = [:]
        for spec in specs { byName[spec.name] = spec }
        self.specs = byName
    }

    /// The spec named `name`.
    public subscript(name: String) -> StepTypeSpec? { specs[name] }

    /// Every name, sorted.
    public var names: [String] { specs.keys.sorted() }
}

import RisaCore

/// A pipeline (or recipe) file as written: params, steps and outputs, each with its position.
///
/// This is the syntax after decoding, before any check across declarations; `PipelineValidator`
/// checks it against the step registry, and RisaGraph turns it into a DAG.
public struct Pipeline: Sendable {
    /// The file's path as the user named it.
    public var file: String
    /// The pipeline's name (the file name without extension when the file gives none).
    public var name: String
    /// What the pipeline is for.
    public var description: String?
    /// Recipe files whose params and steps are merged into this pipeline.
    public var includes: [Include]
    /// Declared parameters, in file order.
    public var params: [ParamDecl]
    /// Declared steps, in file order.
    public var steps: [StepDecl]
    /// Declared outputs (what a recipe gives the step that uses it), in file order.
    public var outputs: [OutputDecl]
    /// Where the document starts.
    public var location: SourceLocation

    /// The step with `id`, if declared.
    public func step(_ id: String) -> StepDecl? { steps.first { $0.id == id } }

    /// The param named `name`, if declared.
    public func param(_ name: String) -> ParamDecl? { params.first { $0.name == name } }
}

/// An `include:` entry.
public struct Include: Sendable {
    /// The recipe path as written.
    public var path: String
    /// Where it is written.
    public var location: SourceLocation
}

/// A typed pipeline parameter.
public struct ParamDecl: Sendable {
    /// The param's name (`params.NAME` in expressions).
    public var name: String
    /// Its type.
    public var type: ValueType
    /// The default, already checked against the type.
    public var defaultValue: Value?
    /// Whether a value must be given (on the command line, a params file, or by the using step).
    public var required: Bool
    /// What the param means.
    public var description: String?
    /// Where the param is declared.
    public var location: SourceLocation
}

/// A named output of a pipeline or recipe: a template, normally `${{ steps.ID.outputs.NAME }}`.
public struct OutputDecl: Sendable {
    /// The output's name.
    public var name: String
    /// Its value.
    public var value: ArgumentNode
}

/// A value written in the file, kept as the node (for positions) with its parsed template when it
/// is a string holding `${{ }}`.
public struct ArgumentNode: Sendable {
    /// The key it was written under.
    public var key: String
    /// Where the key is.
    public var keyLocation: SourceLocation
    /// The value as written.
    public var node: SourceNode
}

/// How a step reacts to a failure.
public enum ErrorPolicy: String, Sendable, CaseIterable {
    /// The step fails, and so does the run (after running steps finish; `--keep-going` runs what
    /// does not depend on it).
    case fail
    /// A failed item is left out of the step's output set and reported; the step succeeds.
    case skipItem = "skip_item"
    /// The step is marked failed, but steps after it still run and the run succeeds.
    case `continue`
}

/// Retries after a failed attempt.
public struct RetryPolicy: Hashable, Sendable {
    /// Total attempts, the first included (1 = no retry).
    public var attempts: Int
    /// Wait before the second attempt, in seconds; each later wait doubles.
    public var backoff: Double

    /// Creates a policy.
    public init(attempts: Int = 1, backoff: Double = 1) {
        self.attempts = attempts
        self.backoff = backoff
    }
}

/// What a step needs to start; the scheduler hands out tokens so that, for instance, two GPU steps
/// never share one GPU.
public struct ResourceRequest: Hashable, Sendable {
    /// CPU cores.
    public var cpu: Int
    /// GPUs.
    public var gpu: Int
    /// Memory in bytes (0 = not declared).
    public var memory: Int64

    /// Creates a request.
    public init(cpu: Int = 1, gpu: Int = 0, memory: Int64 = 0) {
        self.cpu = cpu
        self.gpu = gpu
        self.memory = memory
    }
}

/// What a step runs.
public enum StepUses: Hashable, Sendable {
    /// A built-in step type such as `shell` or `video.frames`.
    case builtin(String)
    /// A recipe file (a pipeline used as one composite step), as written (`./recipes/x.yaml`).
    case recipe(String)
}

/// One step as declared under `steps:`.
public struct StepDecl: Sendable {
    /// The step's id (the key under `steps:`).
    public var id: String
    /// Where the id is written.
    public var location: SourceLocation
    /// What the step runs.
    public var uses: StepUses
    /// Where `uses` is written.
    public var usesLocation: SourceLocation
    /// Its arguments, in file order.
    public var with: [ArgumentNode]
    /// Steps that must finish first (ordering without data).
    public var needs: [(id: String, location: SourceLocation)]
    /// `if:` condition.
    public var condition: ArgumentNode?
    /// `foreach:` list expression: the step runs once per element, with `item` bound to it.
    public var foreach: ArgumentNode?
    /// Retries.
    public var retry: RetryPolicy
    /// Time limit per attempt, in seconds.
    public var timeout: Double?
    /// Whether results may come from the cache.
    public var cache: Bool
    /// Resource tokens the step needs.
    public var resources: ResourceRequest
    /// Failure policy.
    public var onError: ErrorPolicy

    /// The argument written under `key`, if any.
    public func argument(_ key: String) -> ArgumentNode? { with.first { $0.key == key } }
}

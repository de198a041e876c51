import Foundation
import RisaCore
import RisaModel
import RisaTags
import RisaWorker

/// `tagger.run`: tags every image with a WD14-family ONNX tagger (or any worker speaking Risa's
/// worker protocol), each image cached on its own.
public struct TaggerRunStep: ItemStepImplementation {
    public var spec: StepTypeSpec { Self.spec }
    public var itemsArgument: String { "images" }
    public var itemsOutput: String { "images" }

    /// The registry entry.
    public static let spec = StepTypeSpec(
        name: "tagger.run",
        version: 2,
        summary:
            "Tag every image with a WD14 ONNX tagger (or a custom tagger/captioner worker); each image cached on its own.",
        details: """
            Runs `workers/wd14_tagger.py` on `model` (a folder with `model.onnx` and `selected_tags.csv`) in the \
            workers' Python environment (`${RISA_VENV:-~/.local/share/risa/venv}`, made by `scripts/setup.sh`) as one \
            persistent process per execution; images are sent to it concurrently (twice the batch size in flight) so it \
            runs them through the model in batches. General tags at or above `general_threshold`, character tags at or \
            above `character_threshold`, at most `max_tags` of them by score, and the best rating become the item's \
            tags (source `tagger:<model>`), added after the tags it has (sidecar tags keep their place; the first tag \
            of a name wins). A captioner's caption becomes a `description` tag. The item's `tagger` metadata names the \
            model and its digest. `tagger: {command: [...]}` runs another worker speaking the protocol \
            (workers/PROTOCOL.md), started in the project folder; `$MODEL` in its arguments is replaced by the `model` \
            folder. \
            Cache: per image, keyed by the image, its metadata, the model folder's content (so a new model re-tags \
            everything), the thresholds, `max_tags`, `options` and the command; `batch_size` changes no result. The \
            worker must report the onnxruntime pinned in workers/requirements.txt (CPU inference with one runtime \
            version is deterministic), else the step fails and asks to run scripts/setup.sh. A custom worker is keyed \
            by its command and `model`: give its weights as `model` so that new weights re-tag.
            """,
        arguments: [
            ArgumentSpec("images", .images, required: true, "The images to tag."),
            ArgumentSpec("model", .files, "The tagger's folder: model.onnx and selected_tags.csv (keyed by content)."),
            ArgumentSpec(
                "general_threshold", .number, default: .number(0.35), "Lowest score of a general tag kept (0..1)."),
            ArgumentSpec(
                "character_threshold", .number, default: .number(0.85), "Lowest score of a character tag kept (0..1)."),
            ArgumentSpec(
                "max_tags", .int,
                "The most general and character tags kept per image, best first (no limit when unset)."),
            ArgumentSpec("batch_size", .int, default: .int(8), "Images run through the model at once."),
            ArgumentSpec(
                "options", .map(.json), default: .map([:]),
                "Further request options for custom workers (a captioner's prompt)."),
            ArgumentSpec(
                "tagger", .json, "A custom worker: {command: [program, args...]} speaking workers/PROTOCOL.md."),
        ],
        outputs: .fixed([
            OutputSpec(
                "images", .images, "The same images (bytes unchanged) with the tagger's tags merged into `tags`.")
        ]),
        deterministic: true)

    /// The onnxruntime version the step's cache keys assume: the one `workers/requirements.txt`
    /// pins, which `scripts/setup.sh` installs. A WD14 worker reporting another version is refused,
    /// so a cached tag list always comes from the same inference code a fresh one would.
    public static let onnxruntimeVersion = "1.31.1"

    /// Creates the step.
    public init() {}

    public func concurrency(jobs: Int, arguments: [String: Value]) -> Int {
        max(jobs, 2 * max(1, arguments["batch_size"]?.intValue ?? 8))
    }

    public func process(_ item: InputItem, _ invocation: StepInvocation) async throws -> ItemOutcome {
        let arguments = StepArguments(invocation)
        let setup = try TaggerSetup(arguments, invocation: invocation)
        let worker = try await invocation.resources.shared(
            key: "tagger " + setup.configuration.command.joined(separator: " ")
        ) {
            try await TaggerWorker.start(setup.configuration, expectsRuntime: setup.isBuiltin)
        }
        let result: WorkerResult
        do {
            result = try await worker.client.tag(imagePath: item.path, options: setup.options)
        } catch let error as WorkerError {
            let message = error.message.replacingOccurrences(of: item.path, with: item.name)
            throw StepFailure(
                "\(item.name): \(message)", retryable: error.code != .itemFailed && error.code != .protocolViolation)
        }
        let source = "tagger:" + worker.model.name
        var found: [Tag] = result.tags.map { tag in
            Tag(tag.name, category: Self.category(tag.category), score: tag.score, source: source)
        }
        if let rating = result.rating {
            found.append(Tag(rating.name, category: .rating, score: rating.score, source: source))
        }
        if let caption = result.caption?.trimmingCharacters(in: .whitespacesAndNewlines), !caption.isEmpty {
            found.append(Tag(caption, category: .description, source: source))
        }
        var metadata = TagMetadata.setting(TagSupport.merge(try TagSupport.tags(of: item), found), in: item.metadata)
        metadata["tagger"] = .map(["name": .string(worker.model.name), "digest": .string(worker.model.digest)])
        return .one(ProducedItem(reusing: item, metadata: metadata))
    }

    static func category(_ category: WorkerTag.Category) -> TagCategory {
        switch category {
        case .general: return .general
        case .character: return .character
        case .rating: return .rating
        case .other(let name): return TagCategory(rawValue: name) ?? TagCategory(namespace: name) ?? .general
        }
    }
}

/// How one `tagger.run` execution starts its worker and what it asks it.
struct TaggerSetup: Sendable {
    var configuration: WorkerConfiguration
    var options: TagOptions
    var isBuiltin: Bool

    /// - Parameter environment: where `RISA_VENV` and `RISA_WORKERS` are read (this process's).
    init(
        _ arguments: StepArguments, invocation: StepInvocation,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws {
        let model = try arguments.string("model")
        let batchSize = try arguments.int("batch_size", in: 1...1024) ?? 8
        options = TagOptions(
            generalThreshold: try arguments.double("general_threshold", in: 0...1),
            characterThreshold: try arguments.double("character_threshold", in: 0...1),
            maxTags: try arguments.int("max_tags", in: 0...100_000),
            extra: arguments.values["options"]?.mapValue ?? [:])
        let log = invocation.log
        if let custom = arguments.values["tagger"], custom != .null {
            guard let command = custom["command"]?.listValue?.compactMap(\.stringValue), !command.isEmpty,
                command.count == custom["command"]?.listValue?.count
            else { throw arguments.fail("tagger", "expected {command: [program, arguments...]} (a list of strings)") }
            configuration = WorkerConfiguration(
                command: command.map { $0.replacingOccurrences(of: "$MODEL", with: model ?? "") },
                workingDirectory: invocation.projectRoot.path, log: { log(.stderr, $0) })
            isBuiltin = false
            return
        }
        guard let model else {
            throw arguments.fail("model", "a tagger folder (model.onnx + selected_tags.csv) is required")
        }
        for file in ["model.onnx", "selected_tags.csv"]
        where !FileManager.default.fileExists(atPath: model + "/" + file) {
            throw arguments.fail("model", "\(TagSupport.relative(model, to: invocation.projectRoot)) has no \(file)")
        }
        let python = WorkerConfiguration.defaultPython(environment: environment)
        guard FileManager.default.isExecutableFile(atPath: python) else {
            throw StepFailure(
                "tagger.run needs the workers' Python environment, and \(python) does not exist: run scripts/setup.sh "
                    + "(or set RISA_VENV to the environment's folder)", retryable: false)
        }
        guard let workers = TaggerWorker.workersDirectory(projectRoot: invocation.projectRoot, environment: environment)
        else {
            throw StepFailure(
                "tagger.run cannot find workers/wd14_tagger.py beside the risa program or in the project: "
                    + "set RISA_WORKERS "
                    + "to the workers folder of your Risa checkout", retryable: false)
        }
        configuration = .wd14Tagger(
            python: python, script: workers + "/wd14_tagger.py", modelDirectory: model, batchSize: batchSize)
        configuration.log = { log(.stderr, $0) }
        isBuiltin = true
    }
}

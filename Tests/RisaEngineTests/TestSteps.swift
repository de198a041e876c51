import Foundation
import RisaCore
import RisaModel
import RisaSteps
import Synchronization

/// `test.lines`: one output item per line of each input text file; a file containing `drop` is
/// rejected with a reason; a file containing `fail` fails.
struct LinesStep: ItemStepImplementation {
    var itemsArgument: String { "files" }
    var itemsOutput: String { "lines" }
    var rejectedOutput: String? { "rejected" }
    var spec: StepTypeSpec {
        StepTypeSpec(
            name: "test.lines", version: 1, summary: "Split files into lines.",
            arguments: [ArgumentSpec("files", .files, required: true, "The input set.")],
            outputs: .fixed([
                OutputSpec("lines", .files, "One item per line."), OutputSpec("rejected", .files, "Rejected files."),
            ]),
            deterministic: true)
    }

    func process(_ item: InputItem, _ invocation: StepInvocation) async throws -> ItemOutcome {
        let text = try String(contentsOf: item.file, encoding: .utf8)
        if text.contains("fail") { throw StepFailure("\(item.name): asked to fail", retryable: false) }
        if text.contains("drop") { return .rejected("contains drop") }
        var items: [ProducedItem] = []
        for (index, line) in text.split(separator: "\n").enumerated() {
            let file = "\(index).txt"
            try FileWriter.write(Array((line + "\n").utf8), to: invocation.outputDirectory.path + "/" + file)
            var metadata = item.metadata
            metadata["line"] = .int(index)
            metadata["source"] = .string(item.name)
            items.append(
                ProducedItem(
                    path: file, name: "\((item.name as NSString).deletingPathExtension)/\(index).txt",
                    metadata: metadata))
        }
        return ItemOutcome(items: items)
    }
}

/// `test.label`: a set-level action step that keeps every item's bytes and sets the metadata key
/// `label`; with `flatten: true` every item is renamed to its last path component.
struct LabelStep: ActionStepImplementation {
    /// The type name, and the type of the output set (`files`, or `images` for image pipelines).
    var name = "test.label"
    var outputType: ValueType = .files

    var spec: StepTypeSpec {
        StepTypeSpec(
            name: name, version: 1, summary: "Label every item.",
            arguments: [
                ArgumentSpec("files", .files, required: true, "The input set."),
                ArgumentSpec("label", .string, required: true, "The label."),
                ArgumentSpec("flatten", .bool, default: .bool(false), "Rename items to their file name."),
            ],
            outputs: .fixed([OutputSpec("files", outputType, "The labelled set.")]),
            deterministic: true)
    }

    func execute(_ invocation: StepInvocation) async throws -> [String: ProducedOutput] {
        let label = invocation.arguments["label"]?.stringValue ?? ""
        let flatten = invocation.arguments["flatten"]?.boolValue ?? false
        let items = try invocation.itemSets("files").map { input in
            var metadata = input.metadata
            metadata["label"] = .string(label)
            return ProducedItem(
                reusing: input, name: flatten ? (input.name as NSString).lastPathComponent : input.name,
                metadata: metadata)
        }
        return ["files": .items(items)]
    }
}

/// `test.random`: writes 16 random bytes; declared not deterministic, like a training step.
struct RandomStep: ActionStepImplementation {
    var spec: StepTypeSpec {
        StepTypeSpec(
            name: "test.random", version: 1, summary: "Random bytes.",
            arguments: [ArgumentSpec("seed_file", .file, "A file whose change makes a new key.")],
            outputs: .fixed([OutputSpec("file", .file, "The bytes.")]),
            deterministic: false)
    }

    func execute(_ invocation: StepInvocation) async throws -> [String: ProducedOutput] {
        let bytes = (0..<16).map { _ in UInt8.random(in: 0...255) }
        try FileWriter.write(bytes, to: invocation.outputDirectory.path + "/random.bin")
        return ["file": .file("random.bin")]
    }
}

/// Counts how often the shared resource of `test.shared` is opened and closed, and how many items
/// were in flight at once.
actor SharedCounter: SharedResource {
    static let opened = Mutex<Int>(0)
    static let closed = Mutex<Int>(0)
    private(set) var inFlight = 0
    private(set) var entered = 0
    private(set) var maxInFlight = 0

    init() {
        Self.opened.withLock { $0 += 1 }
    }

    func enter() {
        inFlight += 1
        entered += 1
        maxInFlight = max(maxInFlight, inFlight)
    }

    func leave() { inFlight -= 1 }

    func close() async {
        Self.closed.withLock { $0 += 1 }
    }
}

/// `test.shared`: items share one resource and keep up to 8 in flight whatever `--jobs` is; each
/// of the first four items waits (at most a second) until four have started, and each item writes
/// the most it saw in flight.
struct SharedResourceStep: ItemStepImplementation {
    var itemsArgument: String { "files" }
    var itemsOutput: String { "files" }
    var spec: StepTypeSpec {
        StepTypeSpec(
            name: "test.shared", version: 1, summary: "Items sharing a resource.",
            arguments: [ArgumentSpec("files", .files, required: true, "The input set.")],
            outputs: .fixed([OutputSpec("files", .files, "The items.")]), deterministic: true)
    }

    func concurrency(jobs: Int, arguments: [String: Value]) -> Int { 8 }

    func process(_ item: InputItem, _ invocation: StepInvocation) async throws -> ItemOutcome {
        let counter = try await invocation.resources.shared(key: "counter") { SharedCounter() }
        await counter.enter()
        let deadline = Date().addingTimeInterval(1)
        while await counter.entered < 4, Date() < deadline { try await Task.sleep(nanoseconds: 1_000_000) }
        let seen = await counter.maxInFlight
        await counter.leave()
        try FileWriter.write(Array("\(seen)\n".utf8), to: invocation.outputDirectory.path + "/seen.txt")
        return .one(ProducedItem(path: "seen.txt", name: item.name, metadata: [:]))
    }
}

/// `test.contents`: returns its `text` as the bytes of a file output named `file_name`, without
/// writing it under `$OUT`.
struct ContentsStep: ActionStepImplementation {
    var spec: StepTypeSpec {
        StepTypeSpec(
            name: "test.contents", version: 1, summary: "A file output given by its bytes.",
            arguments: [
                ArgumentSpec("text", .string, required: true, "The bytes, as UTF-8."),
                ArgumentSpec("file_name", .string, required: true, "Where the file is published."),
            ],
            outputs: .fixed([OutputSpec("file", .file, "The bytes.")]),
            deterministic: true)
    }

    func execute(_ invocation: StepInvocation) async throws -> [String: ProducedOutput] {
        guard case .string(let text) = invocation.arguments["text"],
            case .string(let fileName) = invocation.arguments["file_name"]
        else { throw StepFailure("text and file_name are required", retryable: false) }
        return ["file": .contents(Data(text.utf8), fileName: fileName)]
    }
}

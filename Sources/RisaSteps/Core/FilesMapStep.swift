import Foundation
import RisaCore
import RisaModel
import RisaProcess

/// `files.map`: runs a shell command once per item of a set, each item cached on its own.
public struct FilesMapStep: ItemStepImplementation {
    public var spec: StepTypeSpec { Self.spec }
    public var itemsArgument: String { "files" }
    public var itemsOutput: String { "files" }

    /// The registry entry.
    public static let spec = StepTypeSpec(
        name: "files.map",
        version: 1,
        summary: "Run a shell command on every item of a set; each item is cached on its own.",
        details: """
            For each item the command runs with `$IN` (the item's file, read-only), `$NAME` (its name \
            in the set, a relative path) and `$OUT` (the file to write; its name in the output set is \
            the input's name, with `extension` replacing the extension when given). Items run in \
            parallel (--jobs). An item is re-processed only when its content, its name, the command or \
            the environment changes; with `on_error: skip_item` a failing item is left out and listed.
            """,
        arguments: [
            ArgumentSpec(
                "files", .files, required: true, "The input set: a folder, or a files/images output of another step."),
            ArgumentSpec("run", .string, required: true, "The command, run by /bin/sh -eu -c once per item."),
            ArgumentSpec(
                "extension", .string, default: .string(""),
                "New extension for output names (e.g. 'txt'); empty keeps the input's."),
            ArgumentSpec("env", .map(.string), default: .map([:]), "Extra environment variables."),
        ],
        outputs: .fixed([OutputSpec("files", .files, "One output file per input item, under the same names.")]),
        deterministic: true)

    /// Creates the step.
    public init() {}

    public func process(_ item: InputItem, _ invocation: StepInvocation) async throws -> ItemOutcome {
        guard case .string(let command) = invocation.arguments["run"] ?? .null else {
            throw StepFailure("steps.\(invocation.stepId).with.run: a command is required", retryable: false)
        }
        var name = item.name
        if case .string(let newExtension) = invocation.arguments["extension"] ?? .null, !newExtension.isEmpty {
            let base = (item.name as NSString).deletingPathExtension
            name = base + "." + (newExtension.hasPrefix(".") ? String(newExtension.dropFirst()) : newExtension)
        }
        let fileName =
            "result" + ((name as NSString).pathExtension.isEmpty ? "" : "." + (name as NSString).pathExtension)
        let scratch = try invocation.scratchDirectory
        var environment = ShellStepRunner.baseEnvironment(scratch: scratch)
        for (key, value) in invocation.arguments["env"]?.mapValue ?? [:] {
            environment[key] = ExpressionEvaluator.text(of: value)
        }
        environment["IN"] = item.path
        environment["NAME"] = item.name
        environment["OUT"] = invocation.outputDirectory.appendingPathComponent(fileName).path
        let process = Subprocess(
            executable: "/bin/sh", arguments: ["-eu", "-c", command], environment: environment,
            workingDirectory: scratch.path, timeout: invocation.timeout.map { .milliseconds(Int64($0 * 1000)) })
        let log = invocation.log
        let itemName = item.name
        let result = try await invocation.processSlots.withSlot {
            try await process.run { line in log(line.stream == .stdout ? .stdout : .stderr, "\(itemName): \(line.text)")
            }
        }
        if result.wasCancelled { throw CancellationError() }
        if result.timedOut { throw StepFailure("\(item.name): timed out") }
        switch result.termination {
        case .exited(code: 0): break
        case .exited(let code): throw StepFailure("\(item.name): the command exited with status \(code)")
        case .signaled(let signal): throw StepFailure("\(item.name): the command was killed by signal \(signal)")
        }
        guard FileManager.default.fileExists(atPath: invocation.outputDirectory.appendingPathComponent(fileName).path)
        else {
            throw StepFailure("\(item.name): the command did not write $OUT", retryable: false)
        }
        return .one(ProducedItem(path: fileName, name: name, metadata: item.metadata))
    }
}

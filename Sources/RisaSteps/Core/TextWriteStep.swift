import Foundation
import RisaCore
import RisaModel

/// `text.write`: writes a text (usually built with expressions) to a file, in process.
public struct TextWriteStep: ActionStepImplementation {
    public var spec: StepTypeSpec { Self.spec }

    /// The registry entry.
    public static let spec = StepTypeSpec(
        name: "text.write",
        version: 1,
        summary: "Write a text to a file (configs, prompts, lists), without starting a process.",
        details: """
            The text is written as UTF-8, with a final newline added when missing. Use expressions to \
            build it from params and other steps' outputs; the output file is named `name`.
            """,
        arguments: [
            ArgumentSpec("text", .string, required: true, "The content."),
            ArgumentSpec("name", .string, default: .string("text.txt"), "The output file's name."),
        ],
        outputs: .fixed([OutputSpec("file", .file, "The written file.")]),
        deterministic: true)

    /// Creates the step.
    public init() {}

    public func execute(_ invocation: StepInvocation) async throws -> [String: ProducedOutput] {
        guard case .string(var text) = invocation.arguments["text"] ?? .null else {
            throw StepFailure("steps.\(invocation.stepId).with.text: a text is required", retryable: false)
        }
        guard case .string(let name) = invocation.arguments["name"] ?? .string("text.txt"),
            !name.isEmpty, !name.contains("/"), name != ".", name != ".."
        else {
            throw StepFailure("steps.\(invocation.stepId).with.name: a plain file name is required", retryable: false)
        }
        if !text.hasSuffix("\n") { text += "\n" }
        return ["file": .contents(Data(text.utf8), fileName: name)]
    }
}

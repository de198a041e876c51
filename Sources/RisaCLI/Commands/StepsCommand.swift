import ArgumentParser
import RisaCore
import RisaModel

/// `risa steps` and `risa steps show TYPE`: the registry's documentation.
struct StepsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "steps",
        abstract: "List the built-in step types, or show one.",
        subcommands: [ListSteps.self, ShowStep.self, StepsMarkdown.self],
        defaultSubcommand: ListSteps.self)

    struct ListSteps: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List the built-in step types.")

        func run() {
            let catalog = PipelineSession.catalog
            let width = catalog.names.map(\.count).max() ?? 0
            for name in catalog.names {
                print(name.padding(toLength: width + 2, withPad: " ", startingAt: 0) + catalog[name]!.summary)
            }
        }
    }

    struct ShowStep: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show", abstract: "Show a step type's arguments and outputs.")

        @Argument(help: "The step type, e.g. shell.")
        var type: String

        func run() throws {
            let catalog = PipelineSession.catalog
            guard let spec = catalog[type] else {
                throw CommandFailure.invalid(
                    "unknown step type '\(type)'" + Suggestions.hint(for: type, among: catalog.names))
            }
            print(StepDocs.text(spec), terminator: "")
        }
    }
}

extension StepsCommand {
    struct StepsMarkdown: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "markdown",
            abstract: "Print every step type's documentation as Markdown (the README's step reference).")

        func run() {
            print(StepDocumentation.markdown(PipelineSession.catalog), terminator: "")
        }
    }
}

/// The documentation of one step type, as text.
enum StepDocs {
    static func text(_ spec: StepTypeSpec) -> String {
        var lines = [
            "\(spec.name) (version \(spec.version)\(spec.deterministic ? ", deterministic" : ", not deterministic"))",
            "  \(spec.summary)",
        ]
        if !spec.details.isEmpty { lines += ["", wrap(spec.details, indent: "  ")] }
        lines += ["", "arguments:"]
        for argument in spec.arguments {
            var line = "  \(argument.name): \(argument.type)"
            if argument.required { line += " (required)" }
            if let value = argument.defaultValue { line += " = \(CanonicalJSON.string(value))" }
            lines += [line, "      \(argument.summary)"]
        }
        lines.append("outputs:")
        switch spec.outputs {
        case .fixed(let outputs):
            for output in outputs { lines += ["  \(output.name): \(output.type)", "      \(output.summary)"] }
        case .fromPathMap(let argument):
            lines.append("  one per key of '\(argument)': a folder ('name/') is files, a path is a file")
        }
        if !spec.libraries.isEmpty {
            lines.append("libraries in the cache key: \(spec.libraries.joined(separator: ", "))")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func wrap(_ text: String, indent: String, width: Int = 96) -> String {
        var lines: [String] = []
        var line = indent
        for word in text.split(separator: " ") {
            if line.count + word.count + 1 > width, line != indent {
                lines.append(line)
                line = indent
            }
            line += (line == indent ? "" : " ") + word
        }
        lines.append(line)
        return lines.joined(separator: "\n")
    }
}

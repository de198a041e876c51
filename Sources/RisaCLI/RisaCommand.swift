import ArgumentParser
import Foundation
import RisaModel

/// The `risa` command: the root of every subcommand.
public struct RisaCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "risa",
        abstract: "A declarative pipeline engine for AI media work.",
        discussion: """
            A YAML file describes a DAG of typed steps; risa validates it, plans it and runs what changed.
            Exit codes: 0 success, 1 a pipeline failed, 2 invalid input or usage.
            """,
        // Only the first line: the full text (`VersionInfo.text`, printed by `runMain`) loads FFmpeg's
        // libraries to read their versions, which no other command should pay for.
        version: "risa \(VersionInfo.risa)",
        subcommands: [
            ValidateCommand.self, PlanCommand.self, RunCommand.self, RunsCommand.self, ShowCommand.self,
            LogsCommand.self,
            CacheCommand.self, VerifyCommand.self, DiffCommand.self, HistoryCommand.self, LineageCommand.self,
            GraphCommand.self, TagsCommand.self, StepsCommand.self, SchemaCommand.self,
            SampleMediaCommand.self,
        ])

    public init() {}

    /// Parses the command line, runs the command and exits with Risa's exit codes (2 for usage
    /// errors and invalid pipelines, 1 for failed runs).
    public static func runMain() async {
        if Array(CommandLine.arguments.dropFirst()) == ["--version"] {
            print(VersionInfo.text)
            Foundation.exit(0)
        }
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let error as DiagnosticError {
            Terminal.printDiagnostics(error.diagnostics)
            Foundation.exit(ExitStatus.invalidInput)
        } catch let error as CommandFailure {
            Terminal.error(error.message)
            Foundation.exit(error.status)
        } catch {
            let code = exitCode(for: error)
            let message = fullMessage(for: error)
            if code == .success {
                if !message.isEmpty { print(message) }
                Foundation.exit(0)
            }
            if !message.isEmpty {
                // ArgumentParser's messages already start with "Error: ".
                Terminal.error(message.hasPrefix("Error: ") ? String(message.dropFirst(7)) : message)
            }
            Foundation.exit(code == .failure ? ExitStatus.failed : ExitStatus.invalidInput)
        }
    }
}

/// Risa's exit codes.
public enum ExitStatus {
    /// A pipeline ran and failed.
    public static let failed: Int32 = 1
    /// The input (a pipeline, a param, a flag) is invalid.
    public static let invalidInput: Int32 = 2
}

/// A command that failed with a message and an exit status.
struct CommandFailure: Error {
    let message: String
    let status: Int32

    static func invalid(_ message: String) -> CommandFailure {
        CommandFailure(message: message, status: ExitStatus.invalidInput)
    }
}

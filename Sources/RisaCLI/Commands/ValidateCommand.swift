import ArgumentParser
import RisaModel

/// `risa validate FILE...`: checks pipelines and reports every problem in every file.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check pipeline files and report every problem as FILE:LINE:COL: error: PATH: message.")

    @Argument(help: "Pipeline files to check.")
    var files: [String]

    func validate() throws {
        if files.isEmpty { throw ValidationError("give at least one pipeline file") }
    }

    func run() throws {
        var all: [Diagnostic] = []
        var valid = 0
        for file in files {
            let (session, diagnostics) = PipelineSession.check(file)
            all += diagnostics
            if let session {
                valid += 1
                print("\(file): ok (\(session.graph.nodes.count) step\(session.graph.nodes.count == 1 ? "" : "s"))")
                ProcessLifetime.keep(session)
            }
        }
        if !all.isEmpty { Terminal.printDiagnostics(all) }
        if valid < files.count { throw ExitCode(ExitStatus.invalidInput) }
    }
}

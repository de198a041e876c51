import ArgumentParser
import RisaModel

/// `risa schema`: the JSON Schema of pipeline files, made from the step registry.
struct SchemaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schema",
        abstract: "Print the JSON Schema (draft 2020-12) of pipeline files, made from the step registry.")

    func run() {
        print(PipelineSchema.generate(catalog: PipelineSession.catalog), terminator: "")
    }
}

import ArgumentParser
import RisaGraph

extension GraphRenderer.Format: ExpressibleByArgument {}

/// `risa graph FILE --format dot|mermaid|text`.
struct GraphCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "graph",
        abstract: "Draw the pipeline's DAG (dashed edges are 'needs' without data).")

    @Argument(help: "The pipeline file.")
    var file: String

    @Option(help: "dot, mermaid or text.")
    var format: GraphRenderer.Format = .text

    func run() throws {
        let session = try PipelineSession.load(file)
        print(GraphRenderer.render(session.graph, format: format), terminator: "")
    }
}

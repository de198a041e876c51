import Foundation
import RisaGraph
import RisaModel
import RisaSteps

/// Pipeline files held in memory.
struct MemoryReader: PipelineSourceReader {
    var files: [String: String]

    func read(_ path: String) throws -> String {
        guard let text = files[PipelineLoader.normalize(path)] else {
            throw CocoaError(.fileReadNoSuchFile, userInfo: [NSFilePathErrorKey: path])
        }
        return text
    }
}

/// Loads, validates and builds the graph of `p.yaml` in `files`.
func buildGraph(_ files: [String: String]) -> (StepGraph?, [String]) {
    let (bundle, problems) = PipelineLoader(reader: MemoryReader(files: files)).load("p.yaml")
    guard let bundle else { return (nil, problems.map(\.description)) }
    let validation = PipelineValidator(catalog: BuiltinSteps.catalog).validate(bundle)
    guard validation.isEmpty, problems.isEmpty else { return (nil, (problems + validation).map(\.description)) }
    let (graph, diagnostics) = GraphBuilder.build(bundle)
    return (graph, diagnostics.map(\.description))
}

/// A shell step writing `file` and reading `inputs` (name -> expression).
func shellStep(_ id: String, reads inputs: [String: String] = [:], needs: [String] = []) -> String {
    var text = "  \(id):\n    uses: shell\n"
    if !needs.isEmpty { text += "    needs: [\(needs.joined(separator: ", "))]\n" }
    text += "    with:\n      run: echo \(id) > \"$OUT/out.txt\"\n      outputs: {out: out.txt}\n"
    if !inputs.isEmpty {
        text += "      inputs:\n" + inputs.keys.sorted().map { "        \($0): \"\(inputs[$0]!)\"\n" }.joined()
    }
    return text
}

import Foundation
import RisaCore
import RisaGraph
import RisaModel
import RisaSteps

/// A pipeline file loaded, validated and turned into a graph, with the project it belongs to: what
/// `validate`, `plan`, `graph` and `run` all start from.
struct PipelineSession {
    /// The project root (recipes and relative paths are resolved against it).
    let root: URL
    /// The pipeline and its recipes.
    let bundle: PipelineBundle
    /// The DAG.
    let graph: StepGraph
    /// Warnings found while loading.
    let warnings: [Diagnostic]

    /// The step types known to this build.
    static let catalog = BuiltinSteps.catalog

    /// Loads `path` (as typed by the user).
    /// - Throws: `DiagnosticError` with every problem found.
    static func load(_ path: String) throws -> PipelineSession {
        let (result, diagnostics) = check(path)
        if let result, !diagnostics.hasErrors { return result }
        throw DiagnosticError(diagnostics)
    }

    /// Loads and checks `path`; returns the session when it is valid, and every diagnostic.
    static func check(_ path: String) -> (PipelineSession?, [Diagnostic]) {
        let url = URL(fileURLWithPath: path)
        let root = ProjectRoot.find(startingAt: url.deletingLastPathComponent())
        let loader = PipelineLoader(reader: FileSystemSourceReader(root: root))
        var (bundle, diagnostics) = loader.load(url.path, displayPath: path)
        guard let bundle else { return (nil, diagnostics) }
        diagnostics += PipelineValidator(catalog: catalog).validate(bundle)
        guard !diagnostics.hasErrors else { return (nil, diagnostics) }
        let (graph, graphDiagnostics) = GraphBuilder.build(bundle)
        diagnostics += graphDiagnostics
        guard let graph, !diagnostics.hasErrors else { return (nil, diagnostics) }
        return (PipelineSession(root: root, bundle: bundle, graph: graph, warnings: diagnostics), diagnostics)
    }

    /// Resolves params from `-p` options and an optional params file.
    /// - Throws: `DiagnosticError` for unknown params, bad values and missing required ones.
    func params(overrides: [String], paramsFile: String?) throws -> [String: Value] {
        var diagnostics: [Diagnostic] = []
        var parsed: [ParamResolver.Override] = []
        for (index, text) in overrides.enumerated() {
            guard let override = ParamResolver.Override(text, position: index + 1) else {
                throw CommandFailure.invalid("-p takes name=value, got '\(text)'")
            }
            parsed.append(override)
        }
        var fileRoot: SourceNode?
        if let paramsFile {
            let loaded = YAMLLoader().load(contentsOf: URL(fileURLWithPath: paramsFile), displayPath: paramsFile)
            diagnostics += loaded.diagnostics
            fileRoot = loaded.root
        }
        let (values, problems) = ParamResolver(pipeline: bundle.main).resolve(overrides: parsed, paramsFile: fileRoot)
        diagnostics += problems
        if diagnostics.hasErrors { throw DiagnosticError(diagnostics) }
        return values
    }
}

/// Finds the project a pipeline belongs to.
enum ProjectRoot {
    /// The nearest folder at or above `start` that holds `.git` or `.risa`; the current directory
    /// when there is none.
    static func find(startingAt start: URL) -> URL {
        var current = start.standardizedFileURL
        let fileManager = FileManager.default
        while true {
            for marker in [".git", ".risa"] where fileManager.fileExists(atPath: current.appendingPathComponent(marker).path) {
                return current
            }
            let parent = current.deletingLastPathComponent()
            if parent.path == current.path { break }
            current = parent
        }
        return URL(fileURLWithPath: fileManager.currentDirectoryPath)
    }
}

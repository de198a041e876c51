import Foundation
import RisaCore
import RisaGit
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
    /// The repository and commit the pipeline came from.
    let origin: PipelineOrigin

    /// The step types known to this build.
    static let catalog = BuiltinSteps.catalog

    /// Loads `path` (as typed by the user).
    /// - Throws: `DiagnosticError` with every problem found.
    static func load(_ path: String) throws -> PipelineSession {
        let (result, diagnostics) = check(path)
        if let result, !diagnostics.hasErrors { return result }
        throw DiagnosticError(diagnostics)
    }

    /// Loads and checks `argument` (a path, or `path@REVISION` to read it from a git commit);
    /// returns the session when it is valid, and every diagnostic.
    static func check(_ argument: String) -> (PipelineSession?, [Diagnostic]) {
        let (path, revision) = PipelineOrigin.split(argument)
        let url = URL(fileURLWithPath: path)
        let start = SourceLocation(file: argument, line: 1, column: 1)
        var origin = PipelineOrigin()
        let root: URL
        let reader: any PipelineSourceReader
        if let revision {
            do {
                let repository = try GitRepository(
                    discoveringFrom: URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
                let commit = try repository.resolve(revision)
                origin = PipelineOrigin(repository: repository, commit: commit, isDirty: false)
                root = repository.workTree
                reader = GitRevisionReader(repository: repository, commit: commit)
            } catch {
                return (nil, [Diagnostic(at: start, path: "", error.message)])
            }
        } else {
            root = ProjectRoot.find(startingAt: url.deletingLastPathComponent())
            reader = FileSystemSourceReader(root: root)
            if let repository = try? GitRepository(discoveringFrom: url.deletingLastPathComponent()) {
                origin = PipelineOrigin(repository: repository, commit: try? repository.resolve("HEAD"), isDirty: false)
            }
        }
        let loader = PipelineLoader(reader: reader)
        let loadPath = revision == nil ? url.path : GitRevisionReader.relative(url.path, to: root)
        var (bundle, diagnostics) = loader.load(loadPath, displayPath: argument)
        guard let bundle else { return (nil, diagnostics) }
        if revision == nil, let repository = origin.repository {
            origin.isDirty =
                origin.commit == nil
                || bundle.files.contains {
                    (try? repository.hasUncommittedChanges(GitRevisionReader.relative($0, to: repository.workTree)))
                        ?? true
                }
        }
        diagnostics += PipelineValidator(catalog: catalog).validate(bundle)
        guard !diagnostics.hasErrors else { return (nil, diagnostics) }
        let (graph, graphDiagnostics) = GraphBuilder.build(bundle)
        diagnostics += graphDiagnostics
        guard let graph, !diagnostics.hasErrors else { return (nil, diagnostics) }
        return (
            PipelineSession(root: root, bundle: bundle, graph: graph, warnings: diagnostics, origin: origin),
            diagnostics
        )
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
            for marker in [".git", ".risa"]
            where fileManager.fileExists(atPath: current.appendingPathComponent(marker).path) {
                return current
            }
            let parent = current.deletingLastPathComponent()
            if parent.path == current.path { break }
            current = parent
        }
        return URL(fileURLWithPath: fileManager.currentDirectoryPath)
    }
}

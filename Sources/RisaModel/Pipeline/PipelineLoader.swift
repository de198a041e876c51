import Foundation

/// Where pipeline and recipe files are read from: the work tree now, a git revision later.
public protocol PipelineSourceReader: Sendable {
    /// The text of the file at `path`, relative to the project root (or absolute).
    func read(_ path: String) throws -> String
}

/// Reads pipeline files from the file system, relative to the project root.
public struct FileSystemSourceReader: PipelineSourceReader {
    /// The project root.
    public let root: URL

    /// Creates a reader rooted at `root`.
    public init(root: URL) {
        self.root = root
    }

    public func read(_ path: String) throws -> String {
        let url = path.hasPrefix("/") ? URL(fileURLWithPath: path) : root.appendingPathComponent(path)
        let attributes = try FileManager.default.attributesOfItem(atPath: url.path)
        if let size = attributes[.size] as? Int, size > YAMLLoader.Limits().maxBytes {
            throw CocoaError(.fileReadTooLarge, userInfo: [NSFilePathErrorKey: path])
        }
        let data = try Data(contentsOf: url)
        guard let text = String(validating: data, as: UTF8.self) else {
            throw CocoaError(.fileReadInapplicableStringEncoding, userInfo: [NSFilePathErrorKey: path])
        }
        return text
    }
}

/// A pipeline with every recipe it uses (directly or through other recipes), loaded and decoded.
public struct PipelineBundle: Sendable {
    /// The pipeline that was asked for, with its includes merged in.
    public var main: Pipeline
    /// Every recipe used, by its normalised path relative to the project root.
    public var recipes: [String: Pipeline]
    /// Every file read (the pipeline, its includes, recipes and their includes), as given to the
    /// reader, in reading order.
    public var files: [String]

    /// The recipe a `uses:` path names.
    public func recipe(_ usesPath: String) -> Pipeline? { recipes[PipelineLoader.normalize(usesPath)] }
}

/// Loads a pipeline file, merges its includes, and loads every recipe its steps use.
///
/// Recipe and include paths (`./recipes/x.yaml`) are relative to the project root. Every problem
/// in every file is collected; a recipe that cannot be read is reported at the `uses:` naming it.
public struct PipelineLoader: Sendable {
    /// Where files come from.
    public let reader: any PipelineSourceReader
    /// YAML limits.
    public let yaml: YAMLLoader

    /// Creates a loader.
    public init(reader: any PipelineSourceReader, yaml: YAMLLoader = YAMLLoader()) {
        self.reader = reader
        self.yaml = yaml
    }

    /// Loads `path` (relative to the root or absolute), naming it `displayPath` in diagnostics.
    public func load(_ path: String, displayPath: String? = nil) -> (PipelineBundle?, [Diagnostic]) {
        var diagnostics: [Diagnostic] = []
        let display = displayPath ?? path
        let tracking = TrackingReader(reader)
        let loader = PipelineLoader(reader: tracking, yaml: yaml)
        guard let main = loader.loadFile(path, display: display, includeChain: [], from: nil, diagnostics: &diagnostics)
        else {
            return (nil, diagnostics)
        }
        var recipes: [String: Pipeline] = [:]
        loader.loadRecipes(of: main, chain: [PipelineLoader.normalize(path)], into: &recipes, diagnostics: &diagnostics)
        return (PipelineBundle(main: main, recipes: recipes, files: tracking.paths), diagnostics)
    }

    /// `./recipes/x.yaml` and `recipes/./x.yaml` -> `recipes/x.yaml`.
    public static func normalize(_ path: String) -> String {
        var parts: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            if part == "..", let last = parts.last, last != ".." {
                parts.removeLast()
                continue
            }
            parts.append(part)
        }
        return (path.hasPrefix("/") ? "/" : "") + parts.joined(separator: "/")
    }

    fileprivate func loadFile(
        _ path: String, display: String, includeChain: [String], from origin: SourceLocation?,
        diagnostics: inout [Diagnostic]
    ) -> Pipeline? {
        let text: String
        do {
            text = try reader.read(path)
        } catch {
            let location = origin ?? SourceLocation(file: display, line: 1, column: 1)
            diagnostics.append(Diagnostic(at: location, path: "", "cannot read '\(path)': \(Self.reason(error))"))
            return nil
        }
        let loaded = yaml.load(text, file: display)
        diagnostics.append(contentsOf: loaded.diagnostics)
        guard loaded.root != nil || loaded.diagnostics.isEmpty else { return nil }
        let (decoded, problems) = PipelineDecoder.decode(loaded.root, file: display)
        diagnostics.append(contentsOf: problems)
        guard var pipeline = decoded else { return nil }
        mergeIncludes(into: &pipeline, chain: includeChain + [Self.normalize(path)], diagnostics: &diagnostics)
        return pipeline
    }

    private func mergeIncludes(into pipeline: inout Pipeline, chain: [String], diagnostics: inout [Diagnostic]) {
        // Ids declared so far, so that merging a large include is not quadratic; the linear
        // `pipeline.step(_:)` is left for the duplicate, whose position it reports.
        var stepIds = Set(pipeline.steps.map(\.id))
        for include in pipeline.includes {
            let key = Self.normalize(include.path)
            if chain.contains(key) {
                diagnostics.append(
                    Diagnostic(
                        at: include.location, path: "include",
                        "include cycle: \((chain + [key]).joined(separator: " -> "))"))
                continue
            }
            guard
                let included = loadFile(
                    include.path, display: key, includeChain: chain, from: include.location, diagnostics: &diagnostics)
            else {
                continue
            }
            for param in included.params {
                if let existing = pipeline.param(param.name) {
                    diagnostics.append(
                        Diagnostic(
                            at: existing.location, path: "params.\(param.name)",
                            "param '\(param.name)' is also declared in included \(param.location)"))
                } else {
                    pipeline.params.append(param)
                }
            }
            for step in included.steps {
                if stepIds.contains(step.id), let existing = pipeline.step(step.id) {
                    diagnostics.append(
                        Diagnostic(
                            at: existing.location, path: "steps.\(step.id)",
                            "step '\(step.id)' is also declared in included \(step.location)"))
                } else {
                    pipeline.steps.append(step)
                    stepIds.insert(step.id)
                }
            }
        }
    }

    fileprivate func loadRecipes(
        of pipeline: Pipeline, chain: [String], into recipes: inout [String: Pipeline], diagnostics: inout [Diagnostic]
    ) {
        for step in pipeline.steps {
            guard case .recipe(let path) = step.uses else { continue }
            let key = Self.normalize(path)
            if chain.contains(key) {
                diagnostics.append(
                    Diagnostic(
                        at: step.usesLocation, path: "steps.\(step.id).uses",
                        "recipe cycle: \((chain + [key]).joined(separator: " -> "))"))
                continue
            }
            if recipes[key] != nil { continue }
            guard
                let recipe = loadFile(
                    path, display: key, includeChain: [], from: step.usesLocation, diagnostics: &diagnostics)
            else {
                continue
            }
            recipes[key] = recipe
            loadRecipes(of: recipe, chain: chain + [key], into: &recipes, diagnostics: &diagnostics)
        }
    }

    private static func reason(_ error: any Error) -> String {
        if let described = error as? any LocalizedError, !(error is CocoaError), let text = described.errorDescription {
            return text
        }
        let nsError = error as NSError
        if nsError.domain == NSCocoaErrorDomain {
            switch nsError.code {
            case CocoaError.fileReadNoSuchFile.rawValue, CocoaError.fileNoSuchFile.rawValue: return "no such file"
            case CocoaError.fileReadNoPermission.rawValue: return "permission denied"
            case CocoaError.fileReadTooLarge.rawValue:
                return "file is larger than \(YAMLLoader.Limits().maxBytes) bytes"
            case CocoaError.fileReadInapplicableStringEncoding.rawValue: return "file is not valid UTF-8"
            default: break
            }
        }
        if let posix = nsError.userInfo[NSUnderlyingErrorKey] as? NSError, posix.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(posix.code)))
        }
        return nsError.localizedDescription
    }
}

/// Remembers the paths a loader reads.
private final class TrackingReader: PipelineSourceReader, @unchecked Sendable {
    // Safe: a loader reads files one after another on one thread; `paths` is read after loading.
    private let inner: any PipelineSourceReader
    private(set) var paths: [String] = []

    init(_ inner: any PipelineSourceReader) {
        self.inner = inner
    }

    func read(_ path: String) throws -> String {
        paths.append(path)
        return try inner.read(path)
    }
}

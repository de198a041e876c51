import Foundation
import RisaGit
import RisaModel

/// Reads pipeline, recipe and include files as they were at one commit, without touching the work
/// tree (`risa run pipelines/lora.yaml@v2`).
struct GitRevisionReader: PipelineSourceReader {
    let repository: GitRepository
    let commit: GitCommit

    func read(_ path: String) throws -> String {
        let relative = Self.relative(path, to: repository.workTree)
        let data: Data
        do {
            data = try repository.readFile(relative, at: commit)
        } catch {
            throw RevisionReadError(errorDescription: error.message)
        }
        guard let text = String(validating: data, as: UTF8.self) else {
            throw CocoaError(.fileReadInapplicableStringEncoding, userInfo: [NSFilePathErrorKey: path])
        }
        return text
    }

    /// `path` relative to `root` (absolute paths inside it are made relative; `./` is dropped).
    static func relative(_ path: String, to root: URL) -> String {
        let rootPath = root.standardizedFileURL.resolvingSymlinksInPath().path
        var candidate = path
        if path.hasPrefix("/") {
            let resolved = URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
            candidate = resolved.hasPrefix(rootPath + "/") ? String(resolved.dropFirst(rootPath.count + 1)) : path
        }
        return PipelineLoader.normalize(candidate)
    }
}

/// A file that could not be read at a revision, with libgit2's explanation.
struct RevisionReadError: LocalizedError {
    let errorDescription: String?
}

/// Where a pipeline came from: the work tree or a commit, with what the run record keeps about it.
struct PipelineOrigin {
    /// The repository, when the project is in one.
    var repository: GitRepository?
    /// The commit the files were read from (`FILE@REV`), or HEAD for the work tree.
    var commit: GitCommit?
    /// Whether any file the pipeline was loaded from differs from that commit.
    var isDirty = false

    /// Splits `pipelines/x.yaml@REV` into the path and the revision; a path that exists as typed is
    /// never split (file names may contain `@`).
    static func split(_ argument: String) -> (path: String, revision: String?) {
        guard !FileManager.default.fileExists(atPath: argument), let at = argument.lastIndex(of: "@"),
            at != argument.startIndex
        else {
            return (argument, nil)
        }
        return (String(argument[..<at]), String(argument[argument.index(after: at)...]))
    }
}

import Foundation
import RisaArchive
import RisaCore
import RisaMedia
import RisaTags

/// Lists the files `media.import` considers and inspects each one (digest, probe, sidecars).
enum MediaScanner {
    /// One candidate file.
    struct Candidate: Sendable {
        /// Where it is.
        var url: URL
        /// Its item name (relative to the folder it was found in).
        var name: String
        /// Its path for `source` and messages: relative to the project root when inside it.
        var sourcePath: String
    }

    /// A file inspected: what the item will be.
    struct Inspected: Sendable {
        var name: String
        var digest: Digest
        var size: Int64
        var kind: MediaProber.Kind
        var metadata: [String: Value]
        var warnings: [String]
    }

    /// The outcome of inspecting one file.
    enum Result: Sendable {
        case success(Inspected)
        case failure(String)
    }

    /// Every regular file under `roots` (sorted by name within a folder, folders in the order
    /// given), without sidecars and hidden files, filtered by `include` patterns. A ZIP archive
    /// (recognised from its first bytes), given as a root or found in a folder, is extracted safely
    /// (`ZipExtractor`: no path traversal, links or bombs) into a new folder from `scratch` and its
    /// files are candidates in its place: named by their path inside it (behind the archive's path
    /// without `.zip` when it was found in a folder), with the source `ARCHIVE!ENTRY`. An archive
    /// that cannot be extracted is returned as a failure naming it and the reason.
    static func files(
        _ roots: [String], projectRoot: URL, include: [String], scratch: () throws -> URL
    ) throws
        -> (candidates: [Candidate], failures: [String])
    {
        var result: [Candidate] = []
        var failures: [String] = []
        var archives = 0
        let rootPath = projectRoot.standardizedFileURL.path + "/"
        func sourcePath(_ url: URL) -> String {
            let path = url.standardizedFileURL.path
            return path.hasPrefix(rootPath) ? String(path.dropFirst(rootPath.count)) : path
        }
        func accepted(_ relative: String) -> Bool {
            let name = (relative as NSString).lastPathComponent
            if name.hasPrefix(".") { return false }
            if SidecarTags.extensions.contains((name as NSString).pathExtension.lowercased()) { return false }
            return include.isEmpty || include.contains { fnmatch($0, relative, 0) == 0 || fnmatch($0, name, 0) == 0 }
        }
        // One file: the candidate itself, or the files of the archive it is.
        func add(_ url: URL, name: String, inFolder: Bool, isArchive: Bool) throws {
            guard isArchive else {
                result.append(Candidate(url: url, name: name, sourcePath: sourcePath(url)))
                return
            }
            let archive = sourcePath(url)
            archives += 1
            let folder = try scratch().appendingPathComponent("archive-\(archives)")
            do {
                try ZipExtractor.extract(url.path, to: folder.path)
            } catch {
                failures.append("\(archive): \(error)")
                return
            }
            let prefix = inFolder ? (name as NSString).deletingPathExtension + "/" : ""
            for entry in walk(folder) where accepted(entry) {
                result.append(
                    Candidate(
                        url: folder.appendingPathComponent(entry), name: prefix + entry,
                        sourcePath: archive + "!" + entry))
            }
        }
        for root in roots {
            let url = URL(fileURLWithPath: root.hasPrefix("/") ? root : projectRoot.appendingPathComponent(root).path)
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
                throw StepFailure("\(root) does not exist", retryable: false)
            }
            if !isDirectory.boolValue {
                let isArchive = isZipArchive(url)
                if isArchive || accepted(url.lastPathComponent) {
                    try add(url, name: url.lastPathComponent, inFolder: false, isArchive: isArchive)
                }
                continue
            }
            for name in walk(url) {
                let file = url.appendingPathComponent(name)
                let isArchive = isZipArchive(file)
                if isArchive || accepted(name) { try add(file, name: name, inFolder: true, isArchive: isArchive) }
            }
        }
        return (result, failures)
    }

    /// The regular files under `folder`, by relative path, sorted; hidden files and folders left out.
    private static func walk(_ folder: URL) -> [String] {
        guard let enumerator = FileManager.default.enumerator(atPath: folder.path) else { return [] }
        var names: [String] = []
        while let relative = enumerator.nextObject() as? String {
            if (relative as NSString).lastPathComponent.hasPrefix(".") {
                enumerator.skipDescendants()
                continue
            }
            var isFolder: ObjCBool = false
            let full = folder.appendingPathComponent(relative).path
            guard FileManager.default.fileExists(atPath: full, isDirectory: &isFolder), !isFolder.boolValue else {
                continue
            }
            names.append(relative)
        }
        return names.sorted()
    }

    /// Whether the file starts like a ZIP archive (a local file header, or the end record of an
    /// empty archive).
    private static func isZipArchive(_ url: URL) -> Bool {
        guard let handle = FileHandle(forReadingAtPath: url.path) else { return false }
        defer { try? handle.close() }
        let head = (try? handle.read(upToCount: 4)).map { [UInt8]($0) } ?? []
        return head == [0x50, 0x4B, 0x03, 0x04] || head == [0x50, 0x4B, 0x05, 0x06]
    }

    /// Inspects one file: digest, content probe, sidecar tags.
    static func inspect(_ candidate: Candidate) -> Result {
        do {
            let data = try Data(contentsOf: candidate.url, options: .alwaysMapped)
            let digest = Digest(of: data)
            let probed = try MediaProber.probe(candidate.url, label: candidate.sourcePath)
            var name = candidate.name
            var warnings: [String] = []
            if let real = probed.realExtension {
                name = MediaSupport.renamed(candidate.name, extension: real)
                warnings.append(
                    "\(candidate.sourcePath): the content is \(probed.metadata[ItemMetadata.format]?.stringValue ?? real), "
                        + "not what its extension says; imported as \(name)")
            }
            var metadata = probed.metadata
            metadata[ItemMetadata.source] = .map([
                "path": .string(candidate.sourcePath), "digest": .string(digest.description),
            ])
            let sidecars = SidecarTags(for: candidate.url)
            if !sidecars.tags.isEmpty { metadata = TagMetadata.setting(sidecars.tags, in: metadata) }
            if let artist = sidecars.artist { metadata["artist"] = .string(artist) }
            warnings += sidecars.warnings.map { "\(candidate.sourcePath): \($0)" }
            return .success(
                Inspected(
                    name: name, digest: digest, size: Int64(data.count), kind: probed.kind,
                    metadata: metadata, warnings: warnings))
        } catch let failure as StepFailure {
            return .failure(failure.message)
        } catch {
            return .failure("\(candidate.sourcePath): \(error.localizedDescription)")
        }
    }

    /// Inspects every file, `jobs` at a time, in the input order.
    static func inspect(_ candidates: [Candidate], jobs: Int) async throws -> [Result] {
        var results = [Result?](repeating: nil, count: candidates.count)
        try await withThrowingTaskGroup(of: (Int, Result).self) { group in
            var next = 0
            func start() {
                let index = next
                let candidate = candidates[index]
                group.addTask {
                    try Task.checkCancellation()
                    return (index, inspect(candidate))
                }
                next += 1
            }
            while next < min(jobs, candidates.count) { start() }
            while let (index, result) = try await group.next() {
                results[index] = result
                if next < candidates.count { start() }
            }
        }
        return results.map { $0! }
    }
}

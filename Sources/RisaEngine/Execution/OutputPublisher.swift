import Foundation
import RisaCore
import RisaSteps
import RisaStore

/// Publishes step outputs for people under `out/<pipeline>/<step>/` as read-only hard links from
/// the store (never copies when a link is possible), skipping what is already published.
///
/// A file output is already published when the file there is the blob itself (same inode): two
/// `lstat`s, no marker to read. Folders and item sets, and files that had to be copied (another
/// device), are remembered by digest in the node folder's `.risa-published.json`, read only when
/// the link check cannot decide. An item set that replaces the one published before is updated
/// in place, item by item (see `ContentStore.materialize(itemSet:at:updating:)`); while that runs
/// the marker claims neither set, so an interrupted update is redone whole. Paths are built as
/// strings: Foundation's file URLs consult the file system when appending components.
struct OutputPublisher: Sendable {
    /// `out/<pipeline>`.
    let base: URL
    let store: any ContentStore
    private let basePath: String

    init(base: URL, store: any ContentStore) {
        self.base = base
        self.store = store
        self.basePath = base.path
    }

    /// The folder of one node (or of one foreach element of it).
    func folder(node: String, item: Int?) -> String {
        var path = basePath
        for part in node.split(separator: "/") { path += "/" + part }
        if let item { path += "/" + String(item) }
        return path
    }

    /// Where `artifact` is published.
    func path(of artifact: Artifact, node: String, item: Int?) -> String {
        var path = folder(node: node, item: item)
        for part in artifact.path.split(separator: "/") { path += "/" + part }
        return path
    }

    /// Publishes every artifact of one action; artifacts already published with the same digest
    /// are left alone.
    func publish(_ artifacts: [String: Artifact], node: String, item: Int?) throws {
        let folder = self.folder(node: node, item: item)
        var marker = Marker(path: folder + "/.risa-published.json")
        for name in artifacts.keys.sorted() {
            let artifact = artifacts[name]!
            let target = path(of: artifact, node: node, item: item)
            if artifact.kind == .file, store.isLinked(blob: artifact.digest, atPath: target) { continue }
            let stamp = Value.string(artifact.digest.description)
            if marker.entries[artifact.path] == stamp, FileManager.default.fileExists(atPath: target) { continue }
            let url = URL(fileURLWithPath: target, isDirectory: artifact.kind != .file)
            switch artifact.kind {
            case .file:
                let report = try store.materialize(
                    blob: artifact.digest, at: url, executable: artifact.executable, size: artifact.size)
                // A link is recognised without the marker; a copy is not.
                marker.set(artifact.path, report.hardLinks == 1 ? nil : stamp)
            case .tree:
                try store.materialize(tree: artifact.digest, at: url)
                marker.set(artifact.path, stamp)
            case .items:
                if case .string(let text) = marker.entries[artifact.path], let previous = Digest(text),
                    FileManager.default.fileExists(atPath: target)
                {
                    marker.set(artifact.path, nil)
                    try marker.save()
                    do {
                        try store.materialize(itemSet: artifact.digest, at: url, updating: previous)
                    } catch {
                        try store.materialize(itemSet: artifact.digest, at: url)
                    }
                } else {
                    try store.materialize(itemSet: artifact.digest, at: url)
                }
                marker.set(artifact.path, stamp)
            }
        }
        try marker.save()
    }

    /// The digests published in one node folder, by artifact path; read on first use, written only
    /// when changed (atomically, not flushed: losing it costs one more materialisation).
    private struct Marker {
        let path: String
        private var loaded: [String: Value]?
        private var changed = false

        init(path: String) {
            self.path = path
        }

        var entries: [String: Value] {
            mutating get {
                if let loaded { return loaded }
                var read: [String: Value] = [:]
                if let data = FileManager.default.contents(atPath: path),
                    case .map(let map) = try? CanonicalJSON.parse(data)
                {
                    read = map
                }
                loaded = read
                return read
            }
        }

        mutating func set(_ artifactPath: String, _ stamp: Value?) {
            guard entries[artifactPath] != stamp else { return }
            loaded![artifactPath] = stamp
            changed = true
        }

        mutating func save() throws {
            guard changed, let loaded else { return }
            changed = false
            // Unique per write: two runs in one process may publish the same step at once.
            let temporary = path + ".tmp-\(getpid())-\(UInt64.random(in: 0...UInt64.max))"
            try FileWriter.write(Array(CanonicalJSON.data(.map(loaded))), to: temporary, replacing: true)
            guard rename(temporary, path) == 0 else {
                unlink(temporary)
                throw StepFailure("cannot record the published outputs in \(path): \(String(cString: strerror(errno)))")
            }
            removeStaleTemporaries()
        }

        /// Removes the temporary markers of processes that died before renaming theirs (a killed
        /// run); those of live processes, which may be about to rename, are left alone.
        private func removeStaleTemporaries() {
            let folder = (path as NSString).deletingLastPathComponent
            let prefix = (path as NSString).lastPathComponent + ".tmp-"
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return }
            for name in names where name.hasPrefix(prefix) {
                guard let pid = Int32(name.dropFirst(prefix.count).prefix { $0 != "-" }) else { continue }
                if kill(pid, 0) != 0, errno == ESRCH { unlink(folder + "/" + name) }
            }
        }
    }
}

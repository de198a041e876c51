import Foundation
import RisaCore
import RisaSteps
import RisaStore

/// Publishes step outputs for people under `out/<pipeline>/<step>/` as read-only hard links from
/// the store (never copies when a link is possible), skipping what is already published.
struct OutputPublisher: Sendable {
    /// `out/<pipeline>`.
    let base: URL
    let store: LocalStore

    /// The folder of one node (or of one foreach element of it).
    func folder(node: String, item: Int?) -> URL {
        var url = base
        for part in node.split(separator: "/") { url.appendPathComponent(String(part)) }
        if let item { url.appendPathComponent(String(item)) }
        return url
    }

    /// Where `artifact` is published.
    func path(of artifact: Artifact, node: String, item: Int?) -> URL {
        var url = folder(node: node, item: item)
        for part in artifact.path.split(separator: "/") { url.appendPathComponent(String(part)) }
        return url
    }

    /// Publishes every artifact of one action; artifacts already published with the same digest
    /// are left alone.
    func publish(_ artifacts: [String: Artifact], node: String, item: Int?) throws {
        let folder = self.folder(node: node, item: item)
        let marker = folder.appendingPathComponent(".risa-published.json")
        var published: [String: Value] = [:]
        if let data = try? Data(contentsOf: marker), case .map(let entries) = try? CanonicalJSON.parse(data) {
            published = entries
        }
        var changed = false
        for name in artifacts.keys.sorted() {
            let artifact = artifacts[name]!
            let target = path(of: artifact, node: node, item: item)
            let stamp = Value.string(artifact.digest.description)
            if published[artifact.path] == stamp, FileManager.default.fileExists(atPath: target.path) { continue }
            try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            switch artifact.kind {
            case .file: try store.materialize(blob: artifact.digest, at: target, executable: artifact.executable, size: artifact.size)
            case .tree: try store.materialize(tree: artifact.digest, at: target)
            case .items: try store.materialize(itemSet: artifact.digest, at: target)
            }
            published[artifact.path] = stamp
            changed = true
        }
        if changed {
            let temporary = folder.appendingPathComponent(".risa-published.json.tmp-\(getpid())")
            try CanonicalJSON.data(.map(published)).write(to: temporary)
            guard rename(temporary.path, marker.path) == 0 else {
                throw StepFailure("cannot publish outputs in \(folder.path): \(String(cString: strerror(errno)))")
            }
        }
    }
}

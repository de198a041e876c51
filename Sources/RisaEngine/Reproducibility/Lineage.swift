import Foundation
import RisaCore
import RisaState
import RisaStore

/// The chain of steps behind one file of a run: every step whose outputs hold its bytes, and, for
/// per-item steps, the input item each was made from, back to the first step that took it in.
///
/// Provenance that steps attach to items (`source`, `frame`, `box`: where a frame came from in its
/// video) is part of each link, so the chain ends at the video and timestamp or the path or URL.
///
/// ```swift
/// let chain = try await Lineage.trace(digest, in: detail, records: records, store: store)
/// for link in chain.links { print(link.stepID, link.name ?? "", link.input?.short ?? "") }
/// ```
public struct Lineage: Sendable {
    /// One step the file passed through.
    public struct Link: Sendable {
        /// The step.
        public var stepID: String
        /// Its type.
        public var type: String
        /// The output that holds the bytes.
        public var output: String
        /// The item's name in that output (nil for a single-file output).
        public var name: String?
        /// The bytes at this link.
        public var digest: Digest
        /// The item's metadata there (provenance, tags, dimensions).
        public var metadata: [String: Value]
        /// For a per-item step, the input item it was made from.
        public var input: Digest?
        /// That input item's name.
        public var inputName: String?
    }

    /// The run traced.
    public var run: RunID
    /// From the step nearest the source to the last step that holds the file.
    public var links: [Link]

    /// Traces `digest` through the steps of `detail`.
    /// - Parameter earlierRuns: runs whose item records are searched when a step of `detail` took
    ///   its items from the cache (a cached batch records no items), most recent first.
    /// - Returns: nil when no output of the run holds those bytes.
    public static func trace(
        _ digest: Digest, in detail: RunDetail, records: any RunRecordStore, store: any ContentStore,
        earlierRuns: [RunID] = []
    ) async throws -> Lineage? {
        var links: [Link] = []
        var target = digest
        var before = detail.steps.count
        var visited: Set<Digest> = []
        while visited.insert(target).inserted {
            let holders = holders(of: target, in: Array(detail.steps.prefix(before)), store: store)
            guard let origin = holders.first else { break }
            links.insert(contentsOf: holders, at: 0)
            guard let originIndex = detail.steps.firstIndex(where: { $0.stepID == origin.stepID }) else { break }
            // A per-item step records which input each output came from; follow it.
            var found: ItemRecord?
            for run in [detail.run.id] + earlierRuns {
                let items = try await records.items(run: run, step: origin.stepID)
                found = items.first { $0.outputDigest == target && $0.inputDigest != nil }
                if found != nil { break }
            }
            guard let record = found, let input = record.inputDigest, input != target else { break }
            links[0].input = input
            links[0].inputName = record.name
            target = input
            before = originIndex
        }
        return links.isEmpty ? nil : Lineage(run: detail.run.id, links: links)
    }

    /// The steps (in order) whose outputs hold `digest`, with the item there.
    private static func holders(of digest: Digest, in steps: [StepRecord], store: any ContentStore) -> [Link] {
        var found: [Link] = []
        for step in steps {
            for (name, output) in step.outputs.sorted(by: { $0.key < $1.key }) {
                if output.digest == digest {
                    found.append(
                        Link(
                            stepID: step.stepID, type: step.type, output: name, name: nil, digest: digest, metadata: [:]
                        ))
                    break
                }
                let kind = (try? store.storedKind(of: output.digest)) ?? .blob
                if kind == .itemSet, let set = try? store.itemSet(output.digest) {
                    if let item = set.items.first(where: { $0.digest == digest }) {
                        found.append(
                            Link(
                                stepID: step.stepID, type: step.type, output: name, name: item.name, digest: digest,
                                metadata: item.metadata))
                        break
                    }
                } else if kind == .tree, let tree = try? store.tree(output.digest),
                    let path = find(digest, in: tree, prefix: "", store: store)
                {
                    found.append(
                        Link(
                            stepID: step.stepID, type: step.type, output: name, name: path, digest: digest,
                            metadata: [:]))
                    break
                }
            }
        }
        return found
    }

    private static func find(_ digest: Digest, in tree: Tree, prefix: String, store: any ContentStore) -> String? {
        for entry in tree.entries {
            switch entry.kind {
            case .file where entry.digest == digest: return prefix + entry.name
            case .directory:
                if let child = try? store.tree(entry.digest),
                    let path = find(digest, in: child, prefix: prefix + entry.name + "/", store: store)
                {
                    return path
                }
            default: continue
            }
        }
        return nil
    }
}

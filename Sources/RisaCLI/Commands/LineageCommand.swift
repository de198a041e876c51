import ArgumentParser
import Foundation
import RisaCore
import RisaEngine
import RisaState
import RisaSteps
import RisaStore

/// `risa lineage ITEM`: the chain of steps behind a file of a run, back to its source.
struct LineageCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lineage",
        abstract: "The chain of steps behind a file (a dataset image, a frame), back to its source.",
        discussion: """
            ITEM is a file (for example under out/) or a digest (sha256:...). The most recent run that made those \
            bytes is traced (or --run): every step whose outputs hold them, the input item each per-item step made \
            them from, and the provenance the steps recorded (the video, timestamp and box of a frame, or the path \
            or URL of an imported file).
            """)

    @Argument(help: "A file or a digest (sha256:...).")
    var item: String

    @Option(help: "Trace in this run (id or unique prefix) instead of the most recent one that made the item.")
    var run: String?

    @Flag(help: "Print JSON.")
    var json = false

    func run() async throws {
        let root = ProjectRoot.find(startingAt: URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
        guard let project = try ProjectState.openExisting(root: root) else {
            throw CommandFailure.invalid("this project has no runs to trace '\(item)' in")
        }
        let digest = try resolveDigest(project.store)
        var candidates: [RunDetail] = []
        if let run {
            candidates = [try await project.records.run(matching: run)]
        } else {
            for record in try await project.records.listRuns(limit: 50) {
                candidates.append(try await project.records.run(record.id))
            }
        }
        let runs = try await project.records.listRuns(limit: 50).map(\.id)
        for detail in candidates {
            let earlier = runs.filter { $0 != detail.run.id }
            guard
                let lineage = try await Lineage.trace(
                    digest, in: detail, records: project.records, store: project.store,
                    earlierRuns: earlier)
            else { continue }
            print(json ? CanonicalJSON.pretty(Self.json(lineage, digest: digest)) : Self.text(lineage, digest: digest))
            return
        }
        throw CommandFailure(
            message: "no \(run.map { "run \($0)" } ?? "recent run") made \(digest) ('\(item)')",
            status: ExitStatus.failed)
    }

    private func resolveDigest(_ store: LocalStore) throws -> Digest {
        if item.hasPrefix("sha256:") {
            guard let digest = Digest(item) else {
                throw CommandFailure.invalid("'\(item)' is not a digest (sha256: and 64 hex digits)")
            }
            return digest
        }
        guard FileManager.default.fileExists(atPath: item) else {
            throw CommandFailure.invalid("'\(item)' is neither a file nor a digest (sha256:...)")
        }
        return try store.digest(ofFileAt: URL(fileURLWithPath: item)).digest
    }

    /// The provenance keys shown first, in this order; other metadata follows.
    static let provenanceKeys = [ItemMetadata.source, ItemMetadata.frame, ItemMetadata.box]

    static func text(_ lineage: Lineage, digest: Digest) -> String {
        var lines = ["\(digest) in run \(lineage.run.rawValue)"]
        for (index, link) in lineage.links.enumerated() {
            var line = "\(index + 1). \(link.stepID) (\(link.type)) \(link.output)" + (link.name.map { "/\($0)" } ?? "")
            if let input = link.input { line += " <- \(link.inputName ?? "input") (\(input.short))" }
            lines.append(line)
            // The first link's metadata whole, then only what each step changed.
            let previous = index == 0 ? [:] : lineage.links[index - 1].metadata
            let metadata = link.metadata.filter { previous[$0.key] != $0.value }
            for key in provenanceKeys where metadata[key] != nil {
                lines.append("     \(key): \(CanonicalJSON.string(metadata[key]!))")
            }
            let others = metadata.keys.filter { !provenanceKeys.contains($0) }.sorted()
            for key in others {
                if case .list(let values) = metadata[key]!, values.count > 8 {
                    lines.append("     \(key): \(values.count) entries")
                } else {
                    lines.append("     \(key): \(CanonicalJSON.string(metadata[key]!))")
                }
            }
        }
        return lines.joined(separator: "\n")
    }

    static func json(_ lineage: Lineage, digest: Digest) -> Value {
        .map([
            "digest": .string(digest.description), "run": .string(lineage.run.rawValue),
            "links": .list(
                lineage.links.map { link in
                    var map: [String: Value] = [
                        "step": .string(link.stepID), "type": .string(link.type), "output": .string(link.output),
                        "digest": .string(link.digest.description), "metadata": .map(link.metadata),
                    ]
                    if let name = link.name { map["name"] = .string(name) }
                    if let input = link.input { map["input"] = .string(input.description) }
                    if let inputName = link.inputName { map["input_name"] = .string(inputName) }
                    return .map(map)
                }),
        ])
    }
}

import Foundation
import RisaCore
import RisaMedia
import RisaModel

/// `image.dedupe`: removes near-duplicate images by perceptual hash, within the set and against a
/// reference set.
public struct ImageDedupeStep: ActionStepImplementation {
    public var spec: StepTypeSpec { Self.spec }

    /// The registry entry.
    public static let spec = StepTypeSpec(
        name: "image.dedupe",
        version: 1,
        summary: "Remove near-duplicate images (dHash or pHash within a Hamming threshold); report the groups.",
        details: """
            Each image is hashed upright (EXIF orientation applied): `dhash` (grey 9x8, left < right) or \
            `phash` (grey 32x32, DCT, 8x8 low frequencies > median). Two images whose hashes differ in at \
            most `threshold` bits (default 6 for dhash, 10 for phash) are near-duplicates; groups are the \
            connected components, in input order. Of each group `keep` decides the survivor: `sharpest` \
            (highest blur score), `largest` (most pixels) or `first`; ties go to the first. With \
            `against`, images within the threshold of any reference image are dropped first. Kept \
            images keep their bytes and metadata; `groups` is a JSON report (`groups`: kept, dropped \
            with distances; `against`: dropped with the reference). An image that cannot be read fails \
            the step, naming every such file, unless `skip_bad: true`, which moves it to `rejected` with \
            its reason. Hashes are computed in parallel; grouping compares every pair (fine for some \
            tens of thousands of images).
            """,
        arguments: [
            ArgumentSpec("images", .images, required: true, "The images to deduplicate."),
            ArgumentSpec("against", .images, "Reference images: anything near one of them is dropped."),
            ArgumentSpec("hash", .enumeration(["dhash", "phash"]), default: .string("dhash"), "The perceptual hash."),
            ArgumentSpec("threshold", .int, "Largest Hamming distance of near-duplicates (default 6 dhash, 10 phash)."),
            ArgumentSpec(
                "keep", .enumeration(["sharpest", "largest", "first"]), default: .string("sharpest"),
                "Which image of a group survives."),
            ArgumentSpec(
                "skip_bad", .bool, default: .bool(false),
                "Unreadable images go to `rejected` instead of failing the step."),
        ],
        outputs: .fixed([
            OutputSpec("images", .images, "The kept images (same bytes and metadata)."),
            OutputSpec("groups", .file, "groups.json: each group's kept and dropped images with distances."),
            OutputSpec("rejected", .images, "The dropped images, with the reason in `rejected`."),
        ]),
        deterministic: true,
        libraries: MediaSupport.imageLibraries)

    /// Creates the step.
    public init() {}

    public func execute(_ invocation: StepInvocation) async throws -> [String: ProducedOutput] {
        let arguments = MediaArguments(invocation)
        let usePHash = try arguments.choice("hash", ["dhash", "phash"]) == "phash"
        let threshold = try arguments.int("threshold") ?? (usePHash ? 10 : 6)
        guard (0...64).contains(threshold) else { throw arguments.failure("threshold", "must be between 0 and 64") }
        let keep = try arguments.choice("keep", ["sharpest", "largest", "first"]) ?? "sharpest"
        let skipBad = try arguments.bool("skip_bad") ?? false
        let items = try invocation.itemSets("images")
        let references = arguments.has("against") ? try invocation.itemSets("against") : []
        let jobs = max(1, ProcessInfo.processInfo.activeProcessorCount)
        let measured = try await ImageFingerprint.measure(
            items + references, phash: usePHash, blur: keep == "sharpest", jobs: jobs)
        let fingerprints = Array(measured.prefix(items.count))
        let referencePrints = Array(measured.dropFirst(items.count))

        var rejected: [ProducedItem] = []
        var bad: [String] = []
        for (item, result) in zip(items + references, measured) {
            guard case .failure(let reason) = result else { continue }
            bad.append("\(item.name): \(reason)")
        }
        if !bad.isEmpty && !skipBad {
            throw StepFailure(
                "cannot read \(bad.count) image\(bad.count == 1 ? "" : "s"):\n" + bad.joined(separator: "\n"),
                retryable: false)
        }
        var candidates: [Int] = []
        var againstReport: [Value] = []
        for (index, item) in items.enumerated() {
            guard case .success(let print) = fingerprints[index] else {
                if case .failure(let reason) = fingerprints[index] { rejected.append(reject(item, reason)) }
                continue
            }
            let nearest = zip(references, referencePrints).compactMap { reference, result -> (String, Int)? in
                guard case .success(let other) = result else { return nil }
                return (reference.name, PerceptualHash.distance(print.hash, other.hash))
            }.filter { $0.1 <= threshold }.min { $0.1 < $1.1 }
            if let (reference, distance) = nearest {
                rejected.append(reject(item, "near-duplicate of reference \(reference) (distance \(distance))"))
                againstReport.append(
                    .map(["name": .string(item.name), "reference": .string(reference), "distance": .int(distance)]))
                continue
            }
            candidates.append(index)
        }
        let prints = candidates.map { index -> ImageFingerprint in
            if case .success(let print) = fingerprints[index] { return print }
            preconditionFailure("candidates are measured items")
        }
        let grouping = DuplicateGrouping(hashes: prints.map(\.hash), threshold: threshold) { position in
            switch keep {
            case "sharpest": prints[position].blur
            case "largest": Double(prints[position].pixels)
            default: 0
            }
        }
        var dropped = Set<Int>()
        var groupReport: [Value] = []
        for group in grouping.groups {
            let keptName = items[candidates[group.kept]].name
            var entries: [Value] = []
            for (position, distance) in group.dropped {
                dropped.insert(position)
                let item = items[candidates[position]]
                rejected.append(reject(item, "near-duplicate of \(keptName) (distance \(distance))"))
                entries.append(.map(["name": .string(item.name), "distance": .int(distance)]))
            }
            groupReport.append(.map(["kept": .string(keptName), "dropped": .list(entries)]))
            invocation.log(
                .info,
                "kept \(keptName), dropped \(group.dropped.map { items[candidates[$0.index]].name }.joined(separator: ", "))"
            )
        }
        let kept = candidates.enumerated().filter { !dropped.contains($0.offset) }.map {
            ProducedItem(reusing: items[$0.element], metadata: items[$0.element].metadata)
        }
        let report: Value = .map([
            "hash": .string(usePHash ? "phash" : "dhash"), "threshold": .int(threshold), "keep": .string(keep),
            "groups": .list(groupReport), "against": .list(againstReport),
            "unreadable": .list(bad.map { .string($0) }),
        ])
        try FileWriter.write(
            Array(CanonicalJSON.pretty(report).utf8) + [10],
            to: invocation.outputDirectory.appendingPathComponent("groups.json").path)
        invocation.log(
            .info,
            "\(kept.count) of \(items.count) images kept, \(rejected.count) dropped in \(grouping.groups.count) groups")
        return ["images": .items(kept), "groups": .file("groups.json"), "rejected": .items(rejected)]
    }

    private func reject(_ item: InputItem, _ reason: String) -> ProducedItem {
        var metadata = item.metadata
        metadata[ItemMetadata.rejected] = .string(reason)
        return ProducedItem(reusing: item, metadata: metadata)
    }
}

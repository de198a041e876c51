import Foundation
import RisaCore
import RisaModel

/// `images.merge`: one item set from several (imported pictures and video frames), without copying.
public struct ImagesMergeStep: ActionStepImplementation {
    public var spec: StepTypeSpec { Self.spec }

    /// The registry entry.
    public static let spec = StepTypeSpec(
        name: "images.merge",
        version: 1,
        summary: "Merge several image sets into one (pictures and video frames), in order, without copying.",
        details: """
            Items keep their names and metadata and come in the order of `images`. The same name with the same \
            bytes in two sets is one item (the first set's); the same name with different bytes is an error naming \
            both sets, unless `prefix` is on, which puts each set's items under `1/`, `2/`, ...
            """,
        arguments: [
            ArgumentSpec("images", .list(.images), required: true, "The sets to merge, in order."),
            ArgumentSpec(
                "prefix", .bool, default: .bool(false),
                "Put each set's items under a folder named by its position (1/, 2/, ...)."),
        ],
        outputs: .fixed([OutputSpec("images", .images, "Every item of every set.")]),
        deterministic: true)

    /// Creates the step.
    public init() {}

    public func execute(_ invocation: StepInvocation) async throws -> [String: ProducedOutput] {
        let prefix = invocation.arguments["prefix"]?.boolValue ?? false
        let sets = try invocation.itemSetLists("images")
        var merged: [ProducedItem] = []
        var seen: [String: (set: Int, digest: Digest)] = [:]
        for (index, items) in sets.enumerated() {
            for item in items {
                let name = prefix ? "\(index + 1)/\(item.name)" : item.name
                if let earlier = seen[name] {
                    if earlier.digest == item.digest { continue }
                    throw StepFailure(
                        "steps.\(invocation.stepId).with.images: '\(name)' is in set \(earlier.set + 1) and set \(index + 1) "
                            + "with different bytes; rename one, or set prefix: true", retryable: false)
                }
                seen[name] = (index, item.digest)
                merged.append(ProducedItem(reusing: item, name: name, metadata: item.metadata))
            }
        }
        return ["images": .items(merged)]
    }
}

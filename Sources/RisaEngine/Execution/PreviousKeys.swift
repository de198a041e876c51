import Foundation
import RisaCore
import RisaState

/// The action keys of the last finished run of the same pipeline, by step and by foreach element:
/// what a cache miss is compared with to say why a step runs again.
struct PreviousKeys: Sendable {
    /// Key per flat step id.
    var steps: [String: Digest] = [:]
    /// Key per foreach element (`step` -> element index -> key).
    var elements: [String: [Int: Digest]] = [:]

    /// The key of `step` (element `index` of a foreach step) in the last run, if any.
    func key(step: String, element index: Int?) -> Digest? {
        guard let index else { return steps[step] }
        return elements[step]?[index]
    }

    /// The name under which a foreach element's key is kept in the run's item records.
    static func elementName(_ index: Int) -> String { "element \(index)" }

    /// Loads the keys of the newest finished run of the pipeline at `path`.
    /// - Parameter foreachSteps: the steps with `foreach`, whose keys are kept per element in the
    ///   run's item records.
    static func load(records: any RunRecordStore, pipelinePath: String, foreachSteps: Set<String>) async -> PreviousKeys
    {
        var keys = PreviousKeys()
        guard let last = try? await records.latestFinishedRun(pipelinePath: pipelinePath),
            let steps = try? await records.actionKeys(run: last)
        else { return keys }
        keys.steps = steps
        for step in foreachSteps.sorted() where steps[step] == nil {
            guard let items = try? await records.items(run: last, step: step) else { continue }
            for item in items where item.name.hasPrefix("element ") {
                if let index = Int(item.name.dropFirst(8)), let key = item.inputDigest {
                    keys.elements[step, default: [:]][index] = key
                }
            }
        }
        return keys
    }
}

import Foundation
import RisaCore
import RisaStore
import RisaTags

/// Compares two lockfiles step by step: which steps' keys and outputs differ and, for item sets
/// found in the stores, which items were added, removed or changed.
public struct LockfileComparison: Sendable {
    /// The recorded side.
    public let expected: Lockfile
    /// The side compared with it.
    public let actual: Lockfile
    /// Where the expected side's item sets and trees are (to list changed items), if anywhere.
    public let expectedStore: (any ContentStore)?
    /// Where the actual side's are.
    public let actualStore: (any ContentStore)?

    /// Compares `actual` with `expected`.
    public init(
        expected: Lockfile, actual: Lockfile, expectedStore: (any ContentStore)?, actualStore: (any ContentStore)?
    ) {
        self.expected = expected
        self.actual = actual
        self.expectedStore = expectedStore
        self.actualStore = actualStore
    }

    /// Steps whose outputs differ, in `order`.
    public func divergingSteps(order: [String]) -> [String] {
        order.filter { id in
            expected.steps[id]?.map(\.outputs) != actual.steps[id]?.map(\.outputs)
        }
    }

    /// The first step whose outputs differ, described.
    public func firstDivergence(order: [String]) -> String? {
        divergingSteps(order: order).first.map { "step '\($0)' produced different outputs" }
    }

    /// One line per differing output and item.
    public func details(order: [String]) -> [String] {
        var lines: [String] = []
        for id in order {
            let before = expected.steps[id] ?? []
            let after = actual.steps[id] ?? []
            if before.isEmpty != after.isEmpty {
                lines.append("step '\(id)': \(before.isEmpty ? "added" : "removed")")
                continue
            }
            for (index, pair) in zip(before, after).enumerated() {
                let element = before.count > 1 ? " element \(index)" : ""
                if pair.0.key != pair.1.key {
                    lines.append("step '\(id)'\(element): key \(pair.0.key.short) -> \(pair.1.key.short)")
                }
                for name in Set(pair.0.outputs.keys).union(pair.1.outputs.keys).sorted()
                where pair.0.outputs[name] != pair.1.outputs[name] {
                    lines.append(
                        "step '\(id)'\(element) output '\(name)': \(pair.0.outputs[name]?.description ?? "none") -> \(pair.1.outputs[name]?.description ?? "none")"
                    )
                    if let old = pair.0.outputs[name], let new = pair.1.outputs[name] {
                        lines += itemChanges(old, new).map { "    \($0)" }
                    }
                }
            }
        }
        return lines
    }

    /// Items added, removed and changed between two item sets or folders, when both are in a store:
    /// `+ name`, `- name`, `~ name` (other bytes), and for items whose bytes are the same but whose
    /// metadata changed, `~ name tags: +added -removed` or `~ name metadata: key, ...`.
    public func itemChanges(_ old: Digest, _ new: Digest) -> [String] {
        guard let before = entries(old, in: expectedStore), let after = entries(new, in: actualStore ?? expectedStore)
        else { return [] }
        var lines: [String] = []
        for name in Set(before.keys).union(after.keys).sorted() {
            switch (before[name], after[name]) {
            case (nil, .some): lines.append("+ \(name)")
            case (.some, nil): lines.append("- \(name)")
            case (.some(let a), .some(let b)) where a.digest != b.digest: lines.append("~ \(name)")
            case (.some(let a), .some(let b)) where a.metadata != b.metadata:
                lines.append("~ \(name) " + Self.metadataChange(a.metadata, b.metadata))
            default: break
            }
        }
        return lines
    }

    /// How an item's metadata changed: its tags added and removed, or the keys that differ.
    static func metadataChange(_ old: [String: Value], _ new: [String: Value]) -> String {
        let changedKeys = Set(old.keys).union(new.keys).filter { old[$0] != new[$0] }.sorted()
        guard changedKeys == ["tags"] else { return "metadata: " + changedKeys.joined(separator: ", ") }
        let oldTags = Set(TagMetadata.tagNames(in: old))
        let newTags = Set(TagMetadata.tagNames(in: new))
        let parts =
            newTags.subtracting(oldTags).sorted().map { "+" + $0 }
            + oldTags.subtracting(newTags).sorted().map { "-" + $0 }
        return parts.isEmpty ? "tags: scores or order" : "tags: " + parts.joined(separator: " ")
    }

    private func entries(
        _ digest: Digest, in store: (any ContentStore)?
    ) -> [String: (digest: Digest, metadata: [String: Value])]? {
        guard let store, let kind = try? store.storedKind(of: digest) else { return nil }
        switch kind {
        case .itemSet:
            guard let set = try? store.itemSet(digest) else { return nil }
            return Dictionary(
                set.items.map { ($0.name, ($0.digest, $0.metadata)) }, uniquingKeysWith: { first, _ in first })
        case .tree:
            guard let tree = try? store.tree(digest) else { return nil }
            return flatten(tree, prefix: "", store: store).mapValues { ($0, [:]) }
        case .blob:
            return nil
        }
    }

    private func flatten(_ tree: Tree, prefix: String, store: any ContentStore) -> [String: Digest] {
        var result: [String: Digest] = [:]
        for entry in tree.entries {
            if entry.kind == .directory, let child = try? store.tree(entry.digest) {
                result.merge(flatten(child, prefix: prefix + entry.name + "/", store: store)) { first, _ in first }
            } else {
                result[prefix + entry.name] = entry.digest
            }
        }
        return result
    }
}

import Foundation
import RisaCore
import RisaEngine
import RisaStore
import RisaTags
import Testing

/// `LockfileComparison.itemChanges`: items added, removed, changed, and tag changes of datasets.
@Suite struct LockfileComparisonTests {
    private func tags(_ names: String...) -> Value {
        TagMetadata.encode(names.map { Tag($0) })
    }

    /// The encoding item sets stored before tags went column-wise: a list of tag maps.
    private func listTags(_ names: String...) -> Value {
        .list(names.map { .map(["name": .string($0), "category": .string("general")]) })
    }

    @Test func listsAddedRemovedChangedItemsAndTagChanges() throws {
        let project = try EngineFixture()
        defer { project.remove() }
        let store = project.store
        let a = try store.blobs.write(Data("a".utf8))
        let b = try store.blobs.write(Data("b".utf8))
        let c = try store.blobs.write(Data("c".utf8))
        let before = try store.store(
            ItemSet([
                Item(name: "1.png", digest: a, size: 1, metadata: ["tags": tags("smile", "solo")]),
                Item(name: "1b.png", digest: a, size: 1, metadata: ["tags": listTags("smile", "solo")]),
                Item(name: "2.png", digest: b, size: 1),
                Item(name: "3.png", digest: a, size: 1, metadata: ["width": .int(10)]),
                Item(name: "4.png", digest: a, size: 1),
            ]))
        let after = try store.store(
            ItemSet([
                Item(name: "1.png", digest: a, size: 1, metadata: ["tags": tags("solo", "long hair")]),
                Item(name: "1b.png", digest: a, size: 1, metadata: ["tags": tags("solo", "smile", "1girl")]),
                Item(name: "2.png", digest: c, size: 1),
                Item(name: "3.png", digest: a, size: 1, metadata: ["width": .int(20)]),
                Item(name: "5.png", digest: b, size: 1),
            ]))
        let empty = Lockfile(pipeline: "p", params: .map([:]), steps: [:])
        let comparison = LockfileComparison(expected: empty, actual: empty, expectedStore: store, actualStore: store)
        #expect(
            comparison.itemChanges(before, after) == [
                "~ 1.png tags: +long hair -smile", "~ 1b.png tags: +1girl", "~ 2.png", "~ 3.png metadata: width",
                "- 4.png", "+ 5.png",
            ])
        // Files that are not item sets or trees have no items to list.
        #expect(comparison.itemChanges(a, b).isEmpty)
    }
}

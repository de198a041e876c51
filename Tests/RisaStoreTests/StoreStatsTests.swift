import Foundation
import RisaCore
import Testing

@testable import RisaStore

@Suite("Statistics: what a store holds")
struct StoreStatsTests {
    @Test func statsCountBlobsTreesItemSetsActionsAndTemporaryFiles() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let store = try scratch.store()
        #expect(try store.stats() == StoreStats())

        try scratch.write("in/a.txt", text: "12345")
        try scratch.write("in/sub/b.txt", text: "123")
        let tree = try store.ingestDirectory(at: scratch.url("in"))
        let blob = try #require(tree["a.txt"]).digest
        try store.store(ItemSet([Item(name: "a.txt", digest: blob, size: 5)]))
        try store.actions.record(.string(tree.digest.description), for: Digest(ofText: "action"))
        _ = try store.makeWorkDirectory()

        let stats = try store.stats()
        #expect(stats.blobCount == 5)
        #expect(stats.treeCount == 2)
        #expect(stats.itemSetCount == 1)
        #expect(stats.actionCount == 1)
        #expect(stats.temporaryEntries == 1)
        let structured = try [tree.digest, #require(tree["sub"]).digest].map { try store.blobs.size(of: $0) }
        let itemSetBytes = try ItemSet([Item(name: "a.txt", digest: blob, size: 5)]).encoded.count
        #expect(stats.blobBytes == 8 + structured.reduce(0, +) + Int64(itemSetBytes))
    }
}

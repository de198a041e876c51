import Foundation
import RisaCore
import Testing

@testable import RisaStore

@Suite("Item sets: ordered items with metadata")
struct ItemSetTests {
    @Test func anItemSetRoundTripsThroughTheStoreWithItsMetadataAndOrder() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let store = try scratch.store()
        let cat = try store.ingestFile(at: scratch.write("cat.png", text: "cat pixels"))
        let dog = try store.ingestFile(at: scratch.write("dog.png", text: "dog pixels"))
        let set = try ItemSet([
            Item(
                name: "z/dog.png", digest: dog.digest, size: dog.size,
                metadata: ["tags": .list([.string("dog")]), "width": .int(512), "score": .number(0.25)]),
            Item(
                name: "a/cat.png", digest: cat.digest, size: cat.size,
                metadata: ["source": .map(["step": .string("resize"), "input": .string(cat.digest.description)])]),
        ])
        let digest = try store.store(set)
        #expect(digest == set.digest)
        let loaded = try store.itemSet(digest)
        #expect(loaded == set)
        #expect(loaded.items.map(\.name) == ["z/dog.png", "a/cat.png"])
        #expect(loaded.items[0].metadata["score"] == .number(0.25))
        #expect(loaded.size == cat.size + dog.size)
    }

    @Test func aLargeSetIsEncodedInPiecesAsOneCanonicalDocument() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let store = try scratch.store()
        let blob = try store.ingestFile(at: scratch.write("x.png", text: "pixels"))
        // Enough items for several chunks of several blocks (about a megabyte each).
        let items = (0..<9_000).map { index in
            Item(
                name: "f/\(index).png", digest: blob.digest, size: blob.size,
                metadata: [
                    "tags": .map(["names": .list([.string("tag \(index % 97) with a long name"), .string("b")])]),
                    "note": .string(String(repeating: "x", count: 300)),
                ])
        }
        let set = try ItemSet(items)
        let reference = CanonicalJSON.data(
            .map([
                "$type": .string(ItemSet.type),
                "items": .list(
                    items.map { item in
                        .map([
                            "digest": .string(item.digest.description), "metadata": .map(item.metadata),
                            "name": .string(item.name), "size": .int(Int(item.size)),
                        ])
                    }),
            ]))
        #expect(reference.count > 3 << 20)
        #expect(set.encoded == reference)
        #expect(set.encodedCount == reference.count)
        #expect(set.digest == Digest(of: reference))
        #expect(try store.store(set) == set.digest)
        let stored = try Data(contentsOf: URL(fileURLWithPath: store.layout.blobPath(set.digest)))
        #expect(stored == reference)
        #expect(try ItemSet(decoding: reference).items == items)
    }

    @Test func theDigestDependsOnOrderAndMetadata() throws {
        let digest = Digest(ofText: "x")
        let a = Item(name: "a", digest: digest, size: 1, metadata: ["label": .string("cat")])
        let b = Item(name: "b", digest: digest, size: 1)
        let relabelled = Item(name: "a", digest: digest, size: 1, metadata: ["label": .string("dog")])
        let base = try ItemSet([a, b]).digest
        #expect(try ItemSet([a, b]).digest == base)
        #expect(try ItemSet([b, a]).digest != base)
        #expect(try ItemSet([relabelled, b]).digest != base)
    }

    @Test func namesMustBeCleanDistinctRelativePaths() {
        let digest = Digest(ofText: "x")
        for names in [
            ["/abs"], ["a//b"], ["a/../b"], ["./a"], ["a/"], ["same", "same"], ["a", "a/b"], [""], [".."], ["a/.."],
            ["a\u{0}b"], ["b/c", "b"],
        ] {
            #expect(throws: StoreError.self) {
                try ItemSet(names.map { Item(name: $0, digest: digest, size: 1) })
            }
        }
        #expect(throws: Never.self) {
            try ItemSet([Item(name: "a/b", digest: digest, size: 1), Item(name: "a/c", digest: digest, size: 1)])
        }
    }

    @Test func storingAnItemSetWithAMissingBlobFails() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let store = try scratch.store()
        let set = try ItemSet([Item(name: "ghost.png", digest: Digest(ofText: "absent"), size: 6)])
        let error = #expect(throws: StoreError.self) { try store.store(set) }
        #expect(error?.code == .notFound)
        #expect(error?.message.contains("ghost.png") == true)
    }

    @Test func aTreeIsNotAnItemSet() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let store = try scratch.store()
        let tree = try store.ingestDirectory(at: scratch.write("folder/a.txt", text: "a").deletingLastPathComponent())
        let error = #expect(throws: StoreError.self) { try store.itemSet(tree.digest) }
        #expect(error?.code == .corrupt)
    }
}

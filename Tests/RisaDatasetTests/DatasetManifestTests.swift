import RisaCore
import RisaTags
import Testing

@testable import RisaDataset

@Suite struct DatasetManifestTests {
    let entries = [
        ManifestEntry(
            path: "10_sks/b.png", digest: Digest(ofText: "b"), size: 20, width: 64, height: 32, caption: "sks, smile",
            tags: [RisaTags.Tag("sks", category: .trigger), RisaTags.Tag("smile", score: 0.5, source: "wd14")],
            provenance: [.map(["step": .string("video.frames"), "time": .number(1.5)])]),
        ManifestEntry(path: "10_sks/a.png", digest: Digest(ofText: "a"), size: 10, width: 32, height: 64),
    ]

    @Test func deterministicAndSortedByPath() throws {
        let manifest = DatasetManifest(entries: entries, metadata: ["name": .string("sks")])
        let reversed = DatasetManifest(entries: entries.reversed(), metadata: ["name": .string("sks")])
        #expect(manifest.json == reversed.json)
        #expect(manifest.json.hasSuffix("\n"))
        let files = manifest.value["files"]?.listValue
        #expect(files?.map { $0["path"] } == [.string("10_sks/a.png"), .string("10_sks/b.png")])
        #expect(files?.first?["caption"] == nil)
        #expect(files?.first?["tags"] == nil)
        #expect(files?.last?["tags"]?["categories"] == .list([.string("trigger"), .string("general")]))
    }

    @Test func readsBack() throws {
        let manifest = DatasetManifest(entries: entries, metadata: ["name": .string("sks")])
        let decoded = try DatasetManifest(value: try CanonicalJSON.parse(manifest.json))
        #expect(decoded.metadata == manifest.metadata)
        #expect(decoded.entries == entries.sorted { $0.path < $1.path })
        #expect(throws: DatasetError.self) {
            try DatasetManifest(value: .map(["version": .int(1), "files": .list([.map(["path": .string("x")])])]))
        }
        var file = try #require(manifest.value["files"]?.listValue?.last?.mapValue)
        file["tags"] = .map(["names": .list([.string("a")]), "categories": .list([.string("hair")])])
        #expect(throws: DatasetError.self) {
            try DatasetManifest(value: .map(["version": .int(1), "files": .list([.map(file)])]))
        }
    }
}

import Foundation
import RisaCore
import Testing

@testable import RisaStore

@Suite("Blobs: writing, copying in, deduplication, permissions")
struct LocalBlobStoreTests {
    @Test func blobsAreNamedBySHA256OfTheirBytes() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let store = try scratch.store()
        let digest = try store.blobs.write(Data("abc".utf8))
        #expect(digest.description == "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(try store.blobs.read(digest) == Data("abc".utf8))
        #expect(try store.blobs.size(of: digest) == 3)
        #expect(store.blobs.url(of: digest).path.hasSuffix("/blobs/sha256/ba/" + digest.hex))
    }

    @Test func aLargeBlobReadStaysValidWhenItsFileIsReplacedOrRemoved() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let store = try scratch.store()
        let bytes = Data(Scratch.patternedBytes(count: 3 * LocalBlobStore.mappedReadSize))
        let digest = try store.blobs.write(bytes)
        let read = try store.blobs.read(digest)
        #expect(read == bytes)
        // A blob file is only ever replaced by renaming a new file over it, or removed: bytes
        // already read (mapped) keep what they were.
        let path = store.blobs.url(of: digest).path
        let other = try scratch.write("other.bin", Scratch.patternedBytes(count: 10))
        #expect(rename(other.path, path) == 0)
        #expect(read == bytes)
        try store.blobs.remove(digest)
        #expect(read == bytes)
        #expect(Digest(of: read) == digest)
    }

    @Test func ingestingAFileCopiesItAndLeavesTheOriginal() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let store = try scratch.store()
        let source = try scratch.write("in/photo.jpg", Scratch.patternedBytes(count: 3_000_000))
        let stored = try store.ingestFile(at: source)
        let original = try Data(contentsOf: source)
        #expect(stored.digest == Digest(of: original))
        #expect(stored.size == 3_000_000)
        #expect(try store.blobs.read(stored.digest) == original)
        let blob = try Scratch.status(store.blobs.url(of: stored.digest).path)
        #expect(blob.inode != (try Scratch.status(source.path)).inode)
        #expect(try Scratch.status(source.path).permissions == 0o644)
    }

    @Test func largeFilesHashedOnTwoThreadsGiveTheSameDigestAndBytes() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let store = try scratch.store()
        let count = Int(FileHasher.pipelineThreshold) + 3 * FileHasher.chunkSize / 2 + 17
        let bytes = Scratch.patternedBytes(count: count)
        let source = try scratch.write("large.bin", bytes)
        let expected = Digest(of: bytes)
        #expect(try store.digest(ofFileAt: source) == FileDigest(digest: expected, size: Int64(count)))
        let stored = try store.ingestFile(at: source)
        #expect(stored.digest == expected)
        #expect(try store.blobs.read(expected) == Data(bytes))
        #expect(try store.verify().isEmpty)
    }

    @Test func blobsAreReadOnlyAndKeepTheExecutableBit() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let store = try scratch.store()
        let plain = try store.ingestFile(at: scratch.write("plain.txt", text: "data"))
        let tool = try store.ingestFile(at: scratch.write("tool.sh", text: "#!/bin/sh\n", mode: 0o750))
        #expect(!plain.isExecutable)
        #expect(tool.isExecutable)
        #expect(try Scratch.status(store.blobs.url(of: plain.digest).path).permissions == 0o444)
        #expect(try Scratch.status(store.blobs.url(of: tool.digest).path).permissions == 0o555)
    }

    @Test func storingTheSameBytesTwiceKeepsOneBlob() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let store = try scratch.store()
        let first = try store.ingestFile(at: scratch.write("a.txt", text: "same"))
        let blobInode = try Scratch.status(store.blobs.url(of: first.digest).path).inode
        let second = try store.ingestFile(at: scratch.write("b.txt", text: "same"))
        let third = try store.blobs.write(Data("same".utf8))
        #expect(first.digest == second.digest && second.digest == third)
        #expect(try store.stats().blobCount == 1)
        #expect(try Scratch.status(store.blobs.url(of: first.digest).path).inode == blobInode)
        #expect(try POSIX.directoryNames(store.temporaryDirectory.path).isEmpty)
    }

    @Test func concurrentWritersOfTheSameBlobAllSucceed() async throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let first = try scratch.store()
        let second = try scratch.store()
        let bytes = Data(Scratch.patternedBytes(count: 200_000))
        let digests = try await withThrowingTaskGroup(of: Digest.self) { group in
            for index in 0..<8 {
                let store = index.isMultiple(of: 2) ? first : second
                group.addTask { try store.blobs.write(bytes) }
            }
            return try await group.reduce(into: Set<Digest>()) { $0.insert($1) }
        }
        #expect(digests == [Digest(of: bytes)])
        #expect(try first.blobs.read(Digest(of: bytes)) == bytes)
        #expect(try first.stats().blobCount == 1)
    }

    @Test func readingAMissingBlobNamesItsPath() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let store = try scratch.store()
        let missing = Digest(ofText: "never stored")
        let error = #expect(throws: StoreError.self) { try store.blobs.read(missing) }
        #expect(error?.code == .notFound)
        #expect(error?.message.contains(store.blobs.url(of: missing).path) == true)
        #expect(try !store.blobs.contains(missing))
    }

    @Test func removeDeletesABlob() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let store = try scratch.store()
        let digest = try store.blobs.write(Data("gone soon".utf8))
        try store.blobs.remove(digest)
        #expect(try !store.blobs.contains(digest))
        try store.blobs.remove(digest)
        #expect(try store.blobs.allDigests().isEmpty)
    }

    @Test func theBlobStoreProtocolWorksThroughAnExistential() async throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let blobs: any BlobStore = try scratch.store().blobs
        let digest = try await blobs.write(Data("via protocol".utf8))
        #expect(try await blobs.contains(digest))
        #expect(try await blobs.read(digest) == Data("via protocol".utf8))
        let stored = try await blobs.ingestFile(at: scratch.write("f", text: "via protocol"))
        #expect(stored.digest == digest)
    }
}

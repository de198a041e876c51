import Foundation
import RisaCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// How much a store holds.
public struct StoreStats: Hashable, Sendable {
    /// Stored blobs (files, trees and item sets).
    public var blobCount = 0
    /// Their total length in bytes.
    public var blobBytes: Int64 = 0
    /// Blobs that are trees.
    public var treeCount = 0
    /// Blobs that are item sets.
    public var itemSetCount = 0
    /// Action records.
    public var actionCount = 0
    /// Files and folders in `tmp/`.
    public var temporaryEntries = 0
}

/// A blob whose bytes do not match its name, found by `LocalStore.verify()`.
public struct CorruptBlob: Hashable, Sendable {
    /// The digest the blob's file name claims (nil for a file whose name is not a digest).
    public let expected: Digest?
    /// The digest of the bytes actually found.
    public let actual: Digest
    /// Where the file was moved, under `quarantine/`.
    public let quarantinedAt: URL
}

extension LocalStore {
    /// Counts the blobs, trees, item sets, action records and temporary files.
    public func stats() throws -> StoreStats {
        var stats = StoreStats()
        for file in try blobs.enumerate() where file.digest != nil {
            guard let status = try POSIX.linkStatusIfExists(file.path) else { continue }
            stats.blobCount += 1
            stats.blobBytes += status.size
            switch try Self.structure(ofBlobAt: file.path) {
            case .tree: stats.treeCount += 1
            case .itemSet: stats.itemSetCount += 1
            case nil: break
            }
        }
        stats.actionCount = try actions.entries().count
        stats.temporaryEntries = try POSIX.directoryNames(layout.temporaryPath).count
        return stats
    }

    /// Re-hashes every blob and moves each one whose bytes do not match its name to `quarantine/`,
    /// so it is neither served nor linked again (the next run re-creates it).
    /// - Returns: the corrupt blobs found, empty when the store is sound.
    public func verify() throws -> [CorruptBlob] {
        var corrupt: [CorruptBlob] = []
        for file in try blobs.enumerate() {
            let actual = try POSIX.withFile(file.path, O_RDONLY | O_NOFOLLOW) { fd in
                try FileHasher.digest(of: fd, path: file.path).digest
            }
            if actual == file.digest { continue }
            let destination = Paths.join(layout.quarantinePath, Paths.name(of: file.path) + "-" + Paths.uniqueSuffix())
            try POSIX.move(file.path, to: destination)
            corrupt.append(
                CorruptBlob(expected: file.digest, actual: actual, quarantinedAt: URL(fileURLWithPath: destination)))
        }
        if !corrupt.isEmpty { try POSIX.flushDirectory(layout.quarantinePath) }
        return corrupt
    }

    /// Whether the blob file at `path` is a tree or an item set, judged from its first bytes.
    static func structure(ofBlobAt path: String) throws -> StructuredBlob? {
        try POSIX.withFile(path, O_RDONLY | O_NOFOLLOW) { fd in
            var prefix = [UInt8](repeating: 0, count: StructuredBlob.prefixLength)
            let count = try prefix.withUnsafeMutableBytes { try POSIX.readChunk(fd, into: $0, path) }
            return StructuredBlob.detect(prefix: prefix[0..<count])
        }
    }
}

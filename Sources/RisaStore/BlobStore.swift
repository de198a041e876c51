import Foundation
import RisaCore

/// Where content-addressed blobs live: bytes named by their SHA-256 digest, written once and never
/// changed.
///
/// Callers depend on this protocol, not on a location, so a remote store (S3, HTTP) can be added
/// beside `LocalBlobStore` without changing them. Implementations throw `StoreError`.
public protocol BlobStore: Sendable {
    /// Whether a blob named `digest` is stored.
    func contains(_ digest: Digest) async throws -> Bool

    /// The length in bytes of a stored blob.
    /// - Throws: `StoreError` with code `.notFound` when it is not stored.
    func size(of digest: Digest) async throws -> Int64

    /// The bytes of a stored blob.
    /// - Throws: `StoreError` with code `.notFound` when it is not stored.
    func read(_ digest: Digest) async throws -> Data

    /// Stores `data` (nothing is written when a blob with the same digest exists).
    /// - Returns: the digest naming the bytes.
    func write(_ data: Data) async throws -> Digest

    /// Stores a copy of the regular file at `url`, hashing it while it is copied.
    /// - Returns: the digest, size and executable bit of the file.
    func ingestFile(at url: URL) async throws -> StoredFile

    /// Deletes a stored blob; deleting a missing blob is not an error.
    func remove(_ digest: Digest) async throws
}

/// A file as the store recorded it.
public struct StoredFile: Hashable, Sendable {
    /// The digest of the file's bytes (the blob's name).
    public let digest: Digest
    /// The file's length in bytes.
    public let size: Int64
    /// Whether the file was executable.
    public let isExecutable: Bool

    /// Creates a record of a stored file.
    public init(digest: Digest, size: Int64, isExecutable: Bool) {
        self.digest = digest
        self.size = size
        self.isExecutable = isExecutable
    }
}

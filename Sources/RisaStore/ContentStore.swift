import Foundation
import RisaCore

/// What the engine needs of a store: content-addressed blobs, trees, item sets and action records,
/// plus the local folders steps work in and outputs are published to.
///
/// The engine (runs, batches, publishing, lockfiles, lineage, cache predictions) holds an
/// `any ContentStore`, never a concrete store. `LocalStore` is the implementation on a local disk;
/// a store shared between machines (S3) conforms by answering from a local one and reaching the
/// remote for what it lacks (through `BlobStore` and `ActionCache`, the protocols a remote
/// implements), without a change to the engine. Run records are the other half and go
/// through `RunRecordStore` (RisaState).
public protocol ContentStore: AnyObject, Sendable {
    /// The store's folder (work folders and temporary files live under it).
    var root: URL { get }

    // MARK: Files and folders in

    /// Stores the file at `url` (moved in when `moving`, else copied); returns its digest and size.
    func ingestFile(at url: URL, moving: Bool) throws -> StoredFile
    /// Stores `contents` as a file blob (made durable with the store's group commit); returns its
    /// digest and size. For bytes a step holds in memory: no file is written and read back.
    func storeFile(contents: Data, executable: Bool) throws -> StoredFile
    /// Stores the folder at `url` as a tree (files moved in when `moving`).
    func ingestDirectory(at url: URL, moving: Bool) throws -> Tree
    /// The digest of the file at `url`, from the stat cache when the file is unchanged.
    func digest(ofFileAt url: URL) throws -> FileDigest
    /// The tree of the folder at `url` and its files, without storing anything.
    func snapshot(ofDirectoryAt url: URL) throws -> DirectorySnapshot
    /// Every regular file under the folder at `url`, by relative path, sorted by UTF-8 bytes.
    func regularFiles(inDirectoryAt url: URL) throws -> [(name: String, digest: FileDigest)]

    // MARK: Blobs, trees and item sets

    /// The stored size of blob `digest`, or nil when it is not stored.
    func storedSize(ofBlob digest: Digest) throws -> Int64?
    /// Whether blob `digest` is stored.
    func containsBlob(_ digest: Digest) throws -> Bool
    /// What blob `digest` holds: a tree, an item set, or a file.
    func storedKind(of digest: Digest) throws -> StoredKind
    /// Stores `tree` after checking that everything it names is stored; returns its digest.
    @discardableResult func store(_ tree: Tree) throws -> Digest
    /// The stored tree `digest`.
    func tree(_ digest: Digest) throws -> Tree
    /// Stores `itemSet` (its items' blobs checked unless `itemsChecked`); returns its digest.
    @discardableResult func store(_ itemSet: ItemSet, itemsChecked: Bool) throws -> Digest
    /// The stored item set `digest`.
    func itemSet(_ digest: Digest) throws -> ItemSet

    // MARK: Action records

    /// The record of action `key`, when there is one.
    func actionRecord(for key: Digest) throws -> Value?
    /// Records what action `key` produced.
    func recordAction(_ record: Value, for key: Digest) throws
    /// Forgets the records remembered in memory, so the next lookups read what is stored now.
    func forgetRecentActionRecords()
    /// Waits for and takes the lock on action `key`, shared with every process using the store.
    func lockAction(_ key: Digest) async throws -> ActionLock

    // MARK: Work folders and publishing

    /// A new empty folder for one action to write into.
    func makeWorkDirectory(prefix: String) throws -> URL
    /// Hands back an empty work folder for reuse (or removes it).
    func recycleWorkDirectory(_ url: URL, prefix: String) throws
    /// Removes a work folder and everything in it.
    func removeWorkDirectory(_ url: URL) throws
    /// Places blob `digest` at `url` (a hard link where possible, else a copy), read-only.
    @discardableResult
    func materialize(blob digest: Digest, at url: URL, executable: Bool, size: Int64?) throws -> MaterializeReport
    /// Places tree `digest` at `url`.
    @discardableResult func materialize(tree digest: Digest, at url: URL) throws -> MaterializeReport
    /// Places item set `digest` at `url`.
    @discardableResult func materialize(itemSet digest: Digest, at url: URL) throws -> MaterializeReport
    /// Places item set `digest` at `url`, where item set `previous` was placed, touching only what changed.
    @discardableResult
    func materialize(itemSet digest: Digest, at url: URL, updating previous: Digest) throws -> MaterializeReport
    /// Whether the file at `path` is blob `digest` itself (a hard link to it).
    func isLinked(blob digest: Digest, atPath path: String) -> Bool
    /// Makes everything written so far durable.
    func flushToDisk() throws
}

/// What a digest names in a store.
public enum StoredKind: Sendable {
    /// A single blob.
    case blob
    /// A tree and every blob and tree under it.
    case tree
    /// An item set and the blob of every item.
    case itemSet
}

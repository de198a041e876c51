import Foundation
import RisaCore

extension LocalStore {
    /// Copies the blob `digest` and everything it names from `source` into this store, reading
    /// every blob's bytes again and checking that they hash to their name: how `risa verify`
    /// takes the recorded outputs of a step it does not re-execute.
    /// - Throws: `StoreError` `.notFound` when `source` lacks a blob, `.corrupt` when a blob's bytes
    ///   no longer hash to its name.
    public func importVerified(_ digest: Digest, kind: StoredKind, from source: LocalStore) throws {
        try importBlob(digest, from: source)
        switch kind {
        case .blob:
            return
        case .tree:
            for entry in try tree(digest).entries {
                switch entry.kind {
                case .file: try importBlob(entry.digest, from: source)
                case .directory: try importVerified(entry.digest, kind: .tree, from: source)
                case .symlink: continue  // the target is kept in the tree itself
                }
            }
        case .itemSet:
            for item in try itemSet(digest).items { try importBlob(item.digest, from: source) }
        }
    }

    private func importBlob(_ digest: Digest, from source: LocalStore) throws {
        if try blobs.contains(digest) { return }
        let path = source.blobs.layout.blobPath(digest)
        guard FileManager.default.fileExists(atPath: path) else {
            throw StoreError(.notFound, "\(digest) is not in the store at \(source.root.path)", path: path)
        }
        let stored = try ingestFile(at: URL(fileURLWithPath: path), moving: false)
        guard stored.digest == digest else {
            throw StoreError(
                .corrupt, "the blob \(path) no longer holds \(digest) (its bytes hash to \(stored.digest))", path: path)
        }
    }
}

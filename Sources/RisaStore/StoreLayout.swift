import Foundation
import RisaCore

/// Where each kind of state lives inside a store's root folder:
///
/// ```
/// blobs/sha256/ab/<hex>   content, read-only, never modified
/// actions/ab/<hex>        action records (canonical JSON), keyed by action key
/// locks/actions           one byte per action key, locked (OFD byte-range locks) for
///                         single-flight of actions; locks/<hex> flock files where OFD locks do
///                         not exist (and from earlier versions)
/// tmp/                    temporary files and private work folders, renamed into place
/// quarantine/             blobs that failed verification
/// statcache               the persisted stat cache
/// lock                    held shared by every open store, exclusively by gc
/// ```
struct StoreLayout: Sendable, Hashable {
    let root: URL
    let rootPath: String

    // Stored rather than computed: blob and record paths are built for every lookup.
    let blobsPath: String
    let actionsPath: String
    let locksPath: String
    let temporaryPath: String

    init(root: URL) {
        self.root = root
        self.rootPath = Paths.path(of: root)
        self.blobsPath = rootPath + "/blobs/sha256"
        self.actionsPath = rootPath + "/actions"
        self.locksPath = rootPath + "/locks"
        self.temporaryPath = rootPath + "/tmp"
    }

    var quarantinePath: String { rootPath + "/quarantine" }
    var statCachePath: String { rootPath + "/statcache" }
    var storeLockPath: String { rootPath + "/lock" }

    /// The folders an open store needs.
    var folders: [String] { [blobsPath, actionsPath, locksPath, temporaryPath, quarantinePath] }

    func blobPath(_ digest: Digest) -> String {
        blobsPath + "/" + digest.hex.prefix(2) + "/" + digest.hex
    }

    func actionPath(_ key: Digest) -> String {
        actionsPath + "/" + key.hex.prefix(2) + "/" + key.hex
    }

    func lockPath(_ key: Digest) -> String {
        locksPath + "/" + key.hex
    }

    var actionLocksPath: String { locksPath + "/actions" }

    /// A fresh name for a temporary file or folder in `tmp/`.
    func temporaryName(_ purpose: String) -> String {
        temporaryPath + "/" + purpose + "-" + Paths.uniqueSuffix()
    }
}

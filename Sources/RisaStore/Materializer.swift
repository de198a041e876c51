import RisaCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// How many files of each kind a materialisation made, and how.
public struct MaterializeReport: Hashable, Sendable {
    /// Files made as hard links to blobs (no bytes copied).
    public var hardLinks = 0
    /// Files made as copy-on-write clones (`FICLONE`), when a hard link was impossible.
    public var clones = 0
    /// Files copied byte by byte, when neither a link nor a clone was possible.
    public var copies = 0
    /// Folders created.
    public var directories = 0
    /// Symbolic links created.
    public var symlinks = 0

    /// An empty report.
    public init() {}
}

/// Lays stored content out as ordinary files: built in a temporary sibling of the destination, then
/// renamed (or swapped) into place, so readers see the old version or the new one, never a mix.
struct Materializer {
    /// What to lay out.
    enum Content {
        /// A blob, with the size recorded for it when known.
        case blob(Digest, executable: Bool, size: Int64?)
        case tree(Tree)
        case itemSet(ItemSet)
    }

    let blobs: LocalBlobStore
    let loadTree: (Digest) throws -> Tree

    func materialize(_ content: Content, at destination: String) throws -> MaterializeReport {
        if case .blob(let digest, let executable, let size) = content,
            try linkInPlace(digest, executable: executable, size: size, at: destination)
        {
            var report = MaterializeReport()
            report.hardLinks = 1
            return report
        }
        let parent = Paths.parent(of: destination)
        try POSIX.makeDirectories(parent)
        let staging = Paths.join(parent, "." + Paths.name(of: destination) + ".risa-" + Paths.uniqueSuffix())
        var report = MaterializeReport()
        do {
            switch content {
            case .blob(let digest, let executable, let size):
                try placeFile(digest, executable: executable, size: size, at: staging, report: &report)
            case .tree(let tree):
                try makeFolder(staging, report: &report)
                try fill(tree, at: staging, report: &report)
            case .itemSet(let set):
                try makeFolder(staging, report: &report)
                for item in set.items {
                    let path = Paths.join(staging, item.name)
                    try POSIX.makeDirectories(Paths.parent(of: path))
                    try placeFile(item.digest, executable: false, size: item.size, at: path, report: &report)
                }
            }
            try publish(staging, at: destination)
        } catch {
            try? FileSystemMoves.removeTree(staging)
            throw error
        }
        return report
    }

    /// Turns the folder at `destination`, which holds the item set `old` as materialised, into one
    /// holding `new`, touching only what differs: items no longer in the set are removed (with the
    /// folders they leave empty), and each new or changed item is linked under a temporary name and
    /// renamed over its place, so every file is either its old or its new version, never partial.
    func update(from old: ItemSet, to new: ItemSet, at destination: String) throws -> MaterializeReport {
        var report = MaterializeReport()
        var previous: [String: Digest] = [:]
        for item in old.items { previous[item.name] = item.digest }
        let kept = Set(new.items.map(\.name))
        for item in old.items where !kept.contains(item.name) {
            let path = Paths.join(destination, item.name)
            if unlink(path) != 0, errno != ENOENT { throw StoreError.system(errno, "remove", path) }
            var folder = Paths.parent(of: path)
            while folder != destination, rmdir(folder) == 0 { folder = Paths.parent(of: folder) }
        }
        for item in new.items where previous[item.name] != item.digest {
            let path = Paths.join(destination, item.name)
            let parent = Paths.parent(of: path)
            if parent != destination { try POSIX.makeDirectories(parent) }
            let staging = Paths.join(parent, "." + Paths.name(of: path) + ".risa-" + Paths.uniqueSuffix())
            do {
                try placeFile(item.digest, executable: false, size: item.size, at: staging, report: &report)
                try POSIX.move(staging, to: path)
            } catch {
                POSIX.removeFileQuietly(staging)
                throw error
            }
        }
        return report
    }

    /// Makes a new name `destination` a hard link to the blob directly, without a staging name:
    /// `link(2)` makes the name appear complete at once. False when that is not possible (a file
    /// is there already, the blob's mode does not fit, another device), for the staging route.
    private func linkInPlace(_ digest: Digest, executable: Bool, size: Int64?, at destination: String) throws -> Bool {
        let status = try checkedStatus(digest, size: size)
        guard status.isExecutable == executable else { return false }
        let source = blobs.layout.blobPath(digest)
        var failure = POSIX.hardLink(source, destination)
        if failure == ENOENT {
            try POSIX.makeMissingDirectories(Paths.parent(of: destination))
            failure = POSIX.hardLink(source, destination)
        }
        return failure == nil
    }

    /// The status of a stored blob, refused when its size is not the one recorded for it.
    private func checkedStatus(_ digest: Digest, size: Int64?) throws -> FileStatus {
        let status = try blobs.status(of: digest)
        if let size, status.size != size {
            let source = blobs.layout.blobPath(digest)
            throw StoreError(
                .corrupt,
                "the blob \(source) holds \(status.size) bytes instead of \(size); run `risa cache verify` to quarantine it",
                path: source)
        }
        return status
    }

    private func makeFolder(_ path: String, report: inout MaterializeReport) throws {
        try POSIX.makeDirectory(path, 0o755)
        report.directories += 1
    }

    private func fill(_ tree: Tree, at folder: String, report: inout MaterializeReport) throws {
        for entry in tree.entries {
            let path = Paths.join(folder, entry.name)
            switch entry.kind {
            case .file:
                try placeFile(entry.digest, executable: entry.isExecutable, size: entry.size, at: path, report: &report)
            case .directory:
                try makeFolder(path, report: &report)
                try fill(try loadTree(entry.digest), at: path, report: &report)
            case .symlink:
                try POSIX.makeSymlink(path, target: entry.symlinkTarget ?? "")
                report.symlinks += 1
            }
        }
    }

    /// Makes `path` a read-only file with the blob's bytes: a hard link when the blob's mode fits,
    /// else a clone, else a copy (verified against the digest). A blob whose size is not the one
    /// recorded for it (cut short by a power loss before the group commit reached the disk) is
    /// refused rather than published.
    private func placeFile(
        _ digest: Digest, executable: Bool, size: Int64?, at path: String, report: inout MaterializeReport
    ) throws {
        let source = blobs.layout.blobPath(digest)
        let status = try checkedStatus(digest, size: size)
        if status.isExecutable == executable {
            guard let failure = POSIX.hardLink(source, path) else {
                report.hardLinks += 1
                return
            }
            guard [EXDEV, EMLINK, EPERM, ENOTSUP, EOPNOTSUPP].contains(failure) else {
                throw StoreError.system(failure, "link \(source) to", path)
            }
        }
        try POSIX.withFile(source, O_RDONLY) { sourceFD in
            try POSIX.withFile(path, O_WRONLY | O_CREAT | O_EXCL, mode: 0o600, "create") { targetFD in
                if Self.clone(from: sourceFD, to: targetFD) {
                    report.clones += 1
                } else {
                    let copied = try FileHasher.copy(from: sourceFD, path: source, to: targetFD, destinationPath: path)
                    guard copied.digest == digest else {
                        throw StoreError(
                            .corrupt, "the blob \(source) does not match its name; verify the store to quarantine it",
                            path: source)
                    }
                    report.copies += 1
                }
                try POSIX.setMode(of: targetFD, executable ? 0o555 : 0o444, path)
            }
        }
    }

    /// Shares the source's extents with the (empty) target on file systems that support it.
    private static func clone(from source: Int32, to target: Int32) -> Bool {
        #if os(Linux)
            let ficlone: UInt = 0x4004_9409  // _IOW(0x94, 9, int)
            return ioctl(target, ficlone, source) == 0
        #else
            return false
        #endif
    }

    /// Moves the finished staging folder or file to `destination`, atomically replacing what is there.
    private func publish(_ staging: String, at destination: String) throws {
        guard let existing = try POSIX.linkStatusIfExists(destination) else {
            try moveReplacing(staging, destination)
            return
        }
        let stagedIsFolder = try POSIX.linkStatus(staging).kind == .directory
        if !stagedIsFolder && existing.kind != .directory {
            try moveReplacing(staging, destination)
            return
        }
        if try !FileSystemMoves.exchange(staging, destination) {
            // No atomic swap on this file system: move the old version aside first.
            let aside = staging + ".old"
            try POSIX.move(destination, to: aside)
            try POSIX.move(staging, to: destination)
            try FileSystemMoves.removeTree(aside)
            return
        }
        try FileSystemMoves.removeTree(staging)
    }

    /// Renames `staging` to `destination`. rename(2) does nothing when both names are hard links to
    /// the same file, as when the same blob was published there before (by a run killed before it
    /// noted it, or by a concurrent run); the staging name would then stay behind, so it is removed.
    private func moveReplacing(_ staging: String, _ destination: String) throws {
        try POSIX.move(staging, to: destination)
        POSIX.removeFileQuietly(staging)
    }
}

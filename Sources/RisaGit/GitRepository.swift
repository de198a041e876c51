internal import CGit2
import Foundation

/// A git repository opened through libgit2: resolve revisions, read files as they were at a commit,
/// tell whether files have uncommitted changes, list the commits that changed a file, and commit
/// (tests build their repositories with it).
///
/// ```swift
/// let repository = try GitRepository(discoveringFrom: pipelineFolder)
/// let commit = try repository.resolve("v1.2")
/// let text = try repository.readFile("pipelines/lora.yaml", at: commit)
/// ```
public final class GitRepository: @unchecked Sendable {
    // Safe: libgit2 repository handles may be used from several threads as long as calls on one
    // handle are serialised; every call below takes `lock`.
    private let handle: OpaquePointer
    private let lock = NSLock()

    /// The work tree's root folder.
    public let workTree: URL

    /// Opens the repository holding `url` (searching upwards).
    /// - Throws: `GitError` when no repository holds it.
    public init(discoveringFrom url: URL) throws(GitError) {
        GitLibrary.initialize()
        var repository: OpaquePointer?
        try GitError.check(
            git_repository_open_ext(&repository, url.path, 0, nil), "no git repository holds \(url.path)")
        guard let repository, let workdir = git_repository_workdir(repository) else {
            throw GitError("\(url.path) is in a bare repository; Risa needs a work tree", code: -1)
        }
        handle = repository
        workTree = URL(fileURLWithPath: String(cString: workdir)).standardizedFileURL
    }

    /// Creates a new repository at `url` (with a work tree).
    public static func create(at url: URL) throws(GitError) -> GitRepository {
        GitLibrary.initialize()
        var repository: OpaquePointer?
        try GitError.check(
            git_repository_init(&repository, url.path, 0), "cannot create a git repository at \(url.path)")
        git_repository_free(repository)
        return try GitRepository(discoveringFrom: url)
    }

    deinit {
        git_repository_free(handle)
    }

    private func locked<T>(_ body: () throws(GitError) -> T) throws(GitError) -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body()
    }

    /// The commit a revision names: a commit id (full or abbreviated), a tag, a branch, `HEAD~2`...
    public func resolve(_ revision: String) throws(GitError) -> GitCommit {
        try locked { () throws(GitError) -> GitCommit in
            var object: OpaquePointer?
            try GitError.check(git_revparse_single(&object, handle, revision), "unknown revision '\(revision)'")
            defer { git_object_free(object) }
            var peeled: OpaquePointer?
            try GitError.check(
                git_object_peel(&peeled, object, GIT_OBJECT_COMMIT), "'\(revision)' does not name a commit")
            defer { git_object_free(peeled) }
            return GitCommit(peeled!)
        }
    }

    /// The bytes of `path` (relative to the work tree root) in `commit`.
    /// - Throws: `GitError` (`isNotFound`) when the file is not in that commit.
    public func readFile(_ path: String, at commit: GitCommit) throws(GitError) -> Data {
        try locked { () throws(GitError) -> Data in
            var oid = try Self.oid(commit.id)
            var commitObject: OpaquePointer?
            try GitError.check(git_commit_lookup(&commitObject, handle, &oid), "cannot read commit \(commit.id)")
            defer { git_commit_free(commitObject) }
            var tree: OpaquePointer?
            try GitError.check(git_commit_tree(&tree, commitObject), "cannot read the tree of commit \(commit.id)")
            defer { git_tree_free(tree) }
            var entry: OpaquePointer?
            try GitError.check(
                git_tree_entry_bypath(&entry, tree, path), "'\(path)' is not in commit \(commit.shortId)")
            defer { git_tree_entry_free(entry) }
            guard git_tree_entry_type(entry) == GIT_OBJECT_BLOB else {
                throw GitError(
                    "'\(path)' is a folder in commit \(commit.shortId), not a file", code: GIT_ENOTFOUND.rawValue)
            }
            var blob: OpaquePointer?
            try GitError.check(
                git_blob_lookup(&blob, handle, git_tree_entry_id(entry)), "cannot read '\(path)' at \(commit.shortId)")
            defer { git_blob_free(blob) }
            let size = Int(git_blob_rawsize(blob))
            guard size > 0, let bytes = git_blob_rawcontent(blob) else { return Data() }
            return Data(bytes: bytes, count: size)
        }
    }

    /// Whether `path` (relative to the work tree root) differs from HEAD: modified, staged, new or
    /// deleted. Ignored files do not count.
    public func hasUncommittedChanges(_ path: String) throws(GitError) -> Bool {
        try locked { () throws(GitError) -> Bool in
            var flags: UInt32 = 0
            let result = git_status_file(&flags, handle, path)
            if result == GIT_ENOTFOUND.rawValue { return false }
            try GitError.check(result, "cannot read the status of '\(path)'")
            return flags & ~GIT_STATUS_IGNORED.rawValue != 0
        }
    }

    /// The commits, newest first, whose version of `path` differs from their first parent's (the
    /// commits that changed the file), at most `limit`.
    public func history(of path: String, limit: Int = 1000) throws(GitError) -> [GitCommit] {
        try locked { () throws(GitError) -> [GitCommit] in
            var walk: OpaquePointer?
            try GitError.check(git_revwalk_new(&walk, handle), "cannot walk the history")
            defer { git_revwalk_free(walk) }
            git_revwalk_sorting(walk, GIT_SORT_TIME.rawValue)
            try GitError.check(git_revwalk_push_head(walk), "the repository has no commits")
            var commits: [GitCommit] = []
            var oid = git_oid()
            while commits.count < limit, git_revwalk_next(&oid, walk) == 0 {
                var commit: OpaquePointer?
                guard git_commit_lookup(&commit, handle, &oid) == 0 else { continue }
                defer { git_commit_free(commit) }
                let current = blobId(path, commit)
                var parent: OpaquePointer?
                let previous: String? = git_commit_parent(&parent, commit, 0) == 0 ? blobId(path, parent) : nil
                git_commit_free(parent)
                if current != previous { commits.append(GitCommit(commit!)) }
            }
            return commits
        }
    }

    private func blobId(_ path: String, _ commit: OpaquePointer?) -> String? {
        var tree: OpaquePointer?
        guard git_commit_tree(&tree, commit) == 0 else { return nil }
        defer { git_tree_free(tree) }
        var entry: OpaquePointer?
        guard git_tree_entry_bypath(&entry, tree, path) == 0 else { return nil }
        defer { git_tree_entry_free(entry) }
        return String(cString: git_oid_tostr_s(git_tree_entry_id(entry)))
    }

    /// Stages `paths` (relative to the work tree; deleted files are removed from the index) and
    /// commits them on HEAD.
    @discardableResult
    public func commit(
        _ paths: [String], message: String, author: String = "Risa", email: String = "risa@localhost",
        date: Date = Date()
    ) throws(GitError) -> GitCommit {
        try locked { () throws(GitError) -> GitCommit in
            var index: OpaquePointer?
            try GitError.check(git_repository_index(&index, handle), "cannot open the index")
            defer { git_index_free(index) }
            for path in paths {
                if FileManager.default.fileExists(atPath: workTree.appendingPathComponent(path).path) {
                    try GitError.check(git_index_add_bypath(index, path), "cannot stage '\(path)'")
                } else {
                    try GitError.check(git_index_remove_bypath(index, path), "cannot unstage '\(path)'")
                }
            }
            try GitError.check(git_index_write(index), "cannot write the index")
            var treeId = git_oid()
            try GitError.check(git_index_write_tree(&treeId, index), "cannot write the tree")
            var tree: OpaquePointer?
            try GitError.check(git_tree_lookup(&tree, handle, &treeId), "cannot read the new tree")
            defer { git_tree_free(tree) }
            var signature: UnsafeMutablePointer<git_signature>?
            try GitError.check(
                git_signature_new(&signature, author, email, git_time_t(date.timeIntervalSince1970), 0), "bad author")
            defer { git_signature_free(signature) }
            var parentId = git_oid()
            var parent: OpaquePointer?
            if git_reference_name_to_id(&parentId, handle, "HEAD") == 0 {
                try GitError.check(git_commit_lookup(&parent, handle, &parentId), "cannot read HEAD")
            }
            defer { git_commit_free(parent) }
            var parents: [OpaquePointer?] = parent.map { [$0] } ?? []
            var id = git_oid()
            let result = parents.withUnsafeMutableBufferPointer { buffer in
                git_commit_create(
                    &id, handle, "HEAD", signature, signature, nil, message, tree, buffer.count, buffer.baseAddress)
            }
            try GitError.check(result, "cannot commit")
            var created: OpaquePointer?
            try GitError.check(git_commit_lookup(&created, handle, &id), "cannot read the new commit")
            defer { git_commit_free(created) }
            return GitCommit(created!)
        }
    }

    private static func oid(_ hex: String) throws(GitError) -> git_oid {
        var oid = git_oid()
        try GitError.check(git_oid_fromstr(&oid, hex), "'\(hex)' is not a commit id")
        return oid
    }
}

/// One commit: id, summary, author time.
public struct GitCommit: Hashable, Sendable {
    /// The full 40-digit id.
    public let id: String
    /// The first line of the message.
    public let summary: String
    /// When it was authored.
    public let date: Date

    /// The first 10 digits of the id.
    public var shortId: String { String(id.prefix(10)) }

    init(_ commit: OpaquePointer) {
        id = String(cString: git_oid_tostr_s(git_commit_id(commit)))
        summary = git_commit_summary(commit).map { String(cString: $0) } ?? ""
        date = Date(timeIntervalSince1970: TimeInterval(git_commit_time(commit)))
    }
}

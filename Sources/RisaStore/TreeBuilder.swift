/// Walks a folder depth-first and builds its `Tree`, recording every regular file, sub-folder and
/// symbolic link, and refusing (with an error naming the path) anything it cannot record faithfully:
/// sockets, FIFOs, devices, and links that point outside the folder.
struct TreeBuilder {
    /// Stores or hashes one regular file.
    let recordFile: (_ path: String, _ status: FileStatus) throws -> StoredFile
    /// Stores a finished tree (or does nothing when only digests are wanted).
    let recordTree: (Tree) throws -> Void

    /// The tree of the folder at `rootPath` (a symbolic link to a folder is followed for the root only).
    func build(rootPath: String) throws -> Tree {
        let status = try POSIX.status(rootPath)
        guard status.kind == .directory else {
            throw StoreError(.invalidPath, "\(rootPath) is not a folder", path: rootPath)
        }
        let realRoot = Paths.realPath(rootPath) ?? rootPath
        return try buildFolder(path: rootPath, components: [], realRoot: realRoot)
    }

    private func buildFolder(path: String, components: [String], realRoot: String) throws -> Tree {
        var entries: [TreeEntry] = []
        for (name, status) in try POSIX.directoryEntries(path) {
            let child = Paths.join(path, name)
            switch status.kind {
            case .regular:
                let stored = try recordFile(child, status)
                entries.append(.file(name, digest: stored.digest, size: stored.size, executable: stored.isExecutable))
            case .directory:
                let tree = try buildFolder(path: child, components: components + [name], realRoot: realRoot)
                entries.append(.directory(name, tree: tree))
            case .symlink:
                let target = try POSIX.symlinkTarget(child)
                try checkLink(child, target: target, components: components, realRoot: realRoot)
                entries.append(.symlink(name, target: target))
            case .other:
                throw LocalBlobStore.notRegular(child, status)
            }
        }
        let tree = try Tree(entries)
        try recordTree(tree)
        return tree
    }

    /// Accepts a link only when its target is relative and stays inside the root, both as written
    /// and (when it exists) once every link on the way is resolved.
    private func checkLink(_ path: String, target: String, components: [String], realRoot: String) throws {
        var stack = components
        var escapes = target.hasPrefix("/") || target.isEmpty
        for part in target.split(separator: "/") where !escapes {
            switch part {
            case ".": continue
            case "..": if stack.popLast() == nil { escapes = true }
            default: stack.append(String(part))
            }
        }
        if !escapes, let resolved = Paths.realPath(path) {
            escapes = resolved != realRoot && !resolved.hasPrefix(realRoot.hasSuffix("/") ? realRoot : realRoot + "/")
        }
        if escapes {
            throw StoreError(
                .unsupportedFile,
                "the symbolic link \(path) points outside the folder being stored (to \"\(target)\"); "
                    + "replace it with the file itself or a relative link inside the folder",
                path: path)
        }
    }
}

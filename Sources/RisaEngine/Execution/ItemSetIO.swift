import Foundation
import RisaCore
import RisaSteps
import RisaStore

/// Reads the items an argument names and stores the items a step produced: the engine's side of
/// item sets, shared by per-item steps (`BatchRunner`) and set-level action steps (`ActionRunner`).
struct ItemSetIO: Sendable {
    let store: any ContentStore

    /// The items of the set in `argument`: from the store when its key is a stored item set (with
    /// their metadata), otherwise every regular file under the folder (or the one file), by
    /// relative path.
    func inputItems(_ argument: String, _ bound: BoundArguments) throws -> [InputItem] {
        guard case .string(let path) = bound.execution[argument] ?? .null else {
            throw StepFailure("the '\(argument)' argument must name one set", retryable: false)
        }
        return try inputItems(path: path, key: bound.key[argument], bound)
    }

    /// The items of each set a list argument names, in the list's order.
    func inputItemLists(_ argument: String, _ bound: BoundArguments) throws -> [[InputItem]] {
        guard case .list(let paths) = bound.execution[argument] ?? .null else {
            throw StepFailure("the '\(argument)' argument must be a list of sets", retryable: false)
        }
        let keys = bound.key[argument]?.listValue ?? []
        return try paths.enumerated().map { index, value in
            guard case .string(let path) = value else {
                throw StepFailure("the '\(argument)' argument's element \(index) must name one set", retryable: false)
            }
            return try inputItems(path: path, key: index < keys.count ? keys[index] : nil, bound)
        }
    }

    private func inputItems(path: String, key: Value?, _ bound: BoundArguments) throws -> [InputItem] {
        let root = URL(fileURLWithPath: path)
        let base = root.path
        if case .string(let digestText) = key ?? .null, let digest = Digest(digestText),
            let set = try? store.itemSet(digest)
        {
            return set.items.map {
                InputItem(
                    name: $0.name, path: base + "/" + $0.name, digest: $0.digest, size: $0.size,
                    metadata: $0.metadata)
            }
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw StepFailure("'\(path)' does not exist", retryable: false)
        }
        if !isDirectory.boolValue {
            let file = try store.digest(ofFileAt: root)
            return [
                InputItem(name: root.lastPathComponent, file: root, digest: file.digest, size: file.size, metadata: [:])
            ]
        }
        return try (bound.folders[base] ?? store.regularFiles(inDirectoryAt: root)).map { file in
            InputItem(
                name: file.name, path: base + "/" + file.name, digest: file.digest.digest, size: file.digest.size,
                metadata: [:])
        }
    }

    /// Stores one produced item: a written file is moved into the store; unchanged input bytes are
    /// reused when stored already, otherwise copied in.
    /// - Parameter folder: the output folder the step wrote into.
    func store(_ produced: ProducedItem, writtenUnder folder: URL) throws -> Item {
        switch produced.content {
        case .file(let path):
            let stored = try ingestWrittenFile(
                at: folder.appendingPathComponent(path),
                orFail: StepFailure("\(produced.name): the step did not write its file \(path)", retryable: false))
            return Item(name: produced.name, digest: stored.digest, size: stored.size, metadata: produced.metadata)
        case .input(let path, let digest, let size):
            if try store.storedSize(ofBlob: digest) == size {
                return Item(name: produced.name, digest: digest, size: size, metadata: produced.metadata)
            }
            let stored = try store.ingestFile(at: URL(fileURLWithPath: path, isDirectory: false), moving: false)
            guard stored.digest == digest else {
                throw StepFailure("\(produced.name): \(path) changed while the step ran", retryable: true)
            }
            return Item(name: produced.name, digest: digest, size: stored.size, metadata: produced.metadata)
        }
    }

    /// Moves a file a step wrote into the store; `failure` when there is no regular file at `url`
    /// (missing, a folder, a link to one). The store's own checks decide: no separate `stat` first.
    func ingestWrittenFile(at url: URL, orFail failure: @autoclosure () -> StepFailure) throws -> StoredFile {
        do {
            return try store.ingestFile(at: url, moving: true)
        } catch let error as StoreError where error.code == .notFound || error.code == .unsupportedFile {
            throw failure()
        }
    }

    /// Builds and stores an item set, naming the items behind a clash of names.
    /// - Parameter origins: for each item, the input it came from (for messages).
    func storeSet(_ items: [Item], origins: [String]? = nil) throws -> (digest: Digest, size: Int64) {
        var seen: [String: Int] = [:]
        for (index, item) in items.enumerated() {
            if let first = seen.updateValue(index, forKey: item.name) {
                let from = origins.map { " (from \($0[first]) and \($0[index]))" } ?? ""
                throw StepFailure("two output items are both named \(item.name)\(from)", retryable: false)
            }
        }
        let set: ItemSet
        do {
            set = try ItemSet(items)
        } catch {
            throw StepFailure("cannot make the output set: \(error)", retryable: false)
        }
        let digest = try store.store(set, itemsChecked: true)
        return (digest, items.reduce(0) { $0 + $1.size })
    }
}

import Foundation
import RisaCore
import RisaModel

/// A step that processes the items of a set one by one (resize every image, tag every image, ...).
///
/// The engine enumerates the items, caches each item's result under its own key (so one changed
/// image out of 10,000 re-processes one image), runs items in parallel, applies `on_error:
/// skip_item`, and assembles the results into the step's output item set.
public protocol ItemStepImplementation: StepImplementation {
    /// The argument that holds the input set (`files`, `images`, ...).
    var itemsArgument: String { get }
    /// The output that receives the result set.
    var itemsOutput: String { get }

    /// Processes one item.
    /// - Parameters:
    ///   - item: the input item: its name (relative path), file and metadata.
    ///   - invocation: the step's arguments (the items argument holds the whole set's folder),
    ///     with `outputDirectory` private to this item.
    /// - Returns: the item's result, written under `invocation.outputDirectory`.
    func process(_ item: InputItem, _ invocation: StepInvocation) async throws -> ProducedItem
}

/// One input item.
public struct InputItem: Sendable {
    /// Its name in the set (a relative path such as `clips/a.png`).
    public var name: String
    /// Where its bytes are (read-only).
    public var file: URL
    /// Its content digest.
    public var digest: Digest
    /// Metadata carried with it (provenance, tags, dimensions).
    public var metadata: [String: Value]

    /// Creates an item.
    public init(name: String, file: URL, digest: Digest, metadata: [String: Value]) {
        self.name = name
        self.file = file
        self.digest = digest
        self.metadata = metadata
    }
}

/// What processing one item produced: a file under the item's output folder, its name in the
/// output set, and its metadata.
public struct ProducedItem: Sendable {
    /// The file, relative to the item's output folder.
    public var path: String
    /// The item's name in the output set.
    public var name: String
    /// Its metadata.
    public var metadata: [String: Value]

    /// Creates a result.
    public init(path: String, name: String, metadata: [String: Value]) {
        self.path = path
        self.name = name
        self.metadata = metadata
    }
}

import Foundation
import RisaCore
import RisaModel

/// A step that processes the items of a set one by one (resize every image, tag every image, ...).
///
/// The engine enumerates the items, caches each item's result under its own key (so one changed
/// image out of 10,000 re-processes one image), runs items in parallel, applies `on_error:
/// skip_item`, and assembles the results into the step's output item set. One input item may give
/// one output item (a resize), several (the frames of a video) or none (a filter that drops it).
public protocol ItemStepImplementation: StepImplementation {
    /// The argument that holds the input set (`files`, `images`, ...).
    var itemsArgument: String { get }
    /// The output that receives the result set.
    var itemsOutput: String { get }
    /// The output that receives the items the step rejected (with their reason in the metadata
    /// key `rejected`), or nil when the step never rejects.
    var rejectedOutput: String? { get }

    /// Processes one item.
    /// - Parameters:
    ///   - item: the input item: its name (relative path), file and metadata.
    ///   - invocation: the step's arguments (the items argument holds the whole set's folder),
    ///     with `outputDirectory` private to this item.
    /// - Returns: the item's results, written under `invocation.outputDirectory`, or its rejection.
    /// - Throws: `StepFailure` for an item that cannot be processed (a corrupt file): the item fails,
    ///   the other items go on.
    func process(_ item: InputItem, _ invocation: StepInvocation) async throws -> ItemOutcome

    /// How many items may be in process at once, given the run's `--jobs` and the step's
    /// arguments. Steps that do the work in process use `jobs`; a step that hands items to a
    /// batching worker keeps more in flight so the worker can fill its batches.
    func concurrency(jobs: Int, arguments: [String: Value]) -> Int

    /// Lines that sum up the whole result set, items processed in this run and items taken from
    /// the cache alike (a histogram, totals), logged when the step ends.
    /// - Parameter outputs: the metadata of every output item, in order (read lazily: a step with no
    ///   summary costs nothing).
    func summary(of outputs: some Collection<[String: Value]>) -> [String]
}

extension ItemStepImplementation {
    public var rejectedOutput: String? { nil }

    public func summary(of outputs: some Collection<[String: Value]>) -> [String] { [] }

    public func concurrency(jobs: Int, arguments: [String: Value]) -> Int { jobs }
}

/// One input item.
public struct InputItem: Sendable {
    /// Its name in the set (a relative path such as `clips/a.png`).
    public var name: String
    /// Where its bytes are (read-only), as a path (a set of 100,000 items makes no URL objects).
    public var path: String
    /// Where its bytes are, as a file URL.
    public var file: URL { URL(fileURLWithPath: path, isDirectory: false) }
    /// Its content digest.
    public var digest: Digest
    /// Its length in bytes.
    public var size: Int64
    /// Metadata carried with it (provenance, tags, dimensions).
    public var metadata: [String: Value]

    /// Creates an item whose bytes are at `path`.
    public init(name: String, path: String, digest: Digest, size: Int64, metadata: [String: Value]) {
        self.name = name
        self.path = path
        self.digest = digest
        self.size = size
        self.metadata = metadata
    }

    /// Creates an item whose bytes are at the file URL `file`.
    public init(name: String, file: URL, digest: Digest, size: Int64, metadata: [String: Value]) {
        self.init(name: name, path: file.path, digest: digest, size: size, metadata: metadata)
    }
}

/// Where the bytes of a produced item are.
public enum ItemContent: Hashable, Sendable {
    /// A file the step wrote, relative to its output folder.
    case file(String)
    /// The unchanged bytes of an input item (a step that only changes metadata, or keeps a subset):
    /// nothing is copied when they are already stored.
    case input(path: String, digest: Digest, size: Int64)
}

/// One item a step produced: its bytes, its name in the output set, and its metadata.
public struct ProducedItem: Hashable, Sendable {
    /// Where its bytes are.
    public var content: ItemContent
    /// The item's name in the output set.
    public var name: String
    /// Its metadata.
    public var metadata: [String: Value]

    /// An item written as the file `path`, relative to the output folder.
    public init(path: String, name: String, metadata: [String: Value]) {
        self.content = .file(path)
        self.name = name
        self.metadata = metadata
    }

    /// An item with the bytes of `input`, under `name` (default: the input's) and with `metadata`.
    public init(reusing input: InputItem, name: String? = nil, metadata: [String: Value]) {
        self.content = .input(path: input.path, digest: input.digest, size: input.size)
        self.name = name ?? input.name
        self.metadata = metadata
    }
}

/// What processing one item gave: its output items, or the reason it was rejected.
public struct ItemOutcome: Hashable, Sendable {
    /// The output items (empty for a rejection, or for an input that yields nothing).
    public var items: [ProducedItem]
    /// Why the item was left out (a filter's reason), or nil.
    public var rejection: String?

    /// The outcome with `items` and no rejection.
    public init(items: [ProducedItem]) {
        self.items = items
        self.rejection = nil
    }

    /// One output item.
    public static func one(_ item: ProducedItem) -> ItemOutcome { ItemOutcome(items: [item]) }

    /// The item is left out of the result, and listed in the rejected set with `reason`.
    public static func rejected(_ reason: String) -> ItemOutcome {
        var outcome = ItemOutcome(items: [])
        outcome.rejection = reason
        return outcome
    }
}

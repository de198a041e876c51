import Foundation
import RisaCore
import RisaModel
import Synchronization

/// The code behind a step type. Every step type is either an `ActionStepImplementation` (one
/// execution makes all its outputs) or an `ItemStepImplementation` (each item of a set is processed
/// and cached on its own).
public protocol StepImplementation: Sendable {
    /// The registry entry.
    var spec: StepTypeSpec { get }
}

/// A step executed as one action: the engine resolves the arguments, computes the cache key, and
/// only calls `execute` when the result is not cached. The implementation writes its outputs under
/// `invocation.outputDirectory` and says which paths are which output; the engine moves them into
/// the store.
public protocol ActionStepImplementation: StepImplementation {
    /// Executes one action.
    ///
    /// Item-set arguments are read with `invocation.itemSets(name)`; an item-set output is returned
    /// as `.items`, which may reuse input items without copying them.
    /// - Throws: `StepFailure` (or any error) when the action fails; the engine records the message.
    func execute(_ invocation: StepInvocation) async throws -> [String: ProducedOutput]
}

/// Everything an implementation gets for one execution.
public struct StepInvocation: Sendable {
    /// The step's flat id (for messages).
    public var stepId: String
    /// Arguments resolved for execution: declared defaults filled in, artifacts as absolute paths.
    public var arguments: [String: Value]
    /// A new, empty, private folder for outputs (inside the store's temporary area).
    public var outputDirectory: URL
    /// A new, empty, private folder for scratch files, created when first asked for.
    /// - Throws: when the folder cannot be created.
    public var scratchDirectory: URL {
        get throws { try scratch.url() }
    }
    /// Makes the scratch folder on demand.
    public var scratch: ScratchDirectory
    /// The project root.
    public var projectRoot: URL
    /// Limit for this attempt, in seconds.
    public var timeout: Double?
    /// Receives lines of output for the run's logs (secrets are redacted by the engine).
    public var log: @Sendable (LogChannel, String) -> Void
    /// Limits how many child processes run at once across the whole run.
    public var processSlots: ProcessSlots
    /// Reads the items of the set an argument names (by argument name): the stored item set with
    /// its metadata, or every regular file of a folder.
    public var itemSets: @Sendable (String) throws -> [InputItem]
    /// Reads the items of every set a list argument names, in the list's order.
    public var itemSetLists: @Sendable (String) throws -> [[InputItem]]
    /// Resources shared by the items of this execution (worker processes, loaded models).
    public var resources: StepResources

    /// Creates an invocation.
    public init(
        stepId: String, arguments: [String: Value], outputDirectory: URL, scratch: ScratchDirectory, projectRoot: URL,
        timeout: Double?, log: @escaping @Sendable (LogChannel, String) -> Void, processSlots: ProcessSlots,
        itemSets: @escaping @Sendable (String) throws -> [InputItem] = {
            throw StepFailure("'\($0)' is not an item set", retryable: false)
        },
        itemSetLists: @escaping @Sendable (String) throws -> [[InputItem]] = {
            throw StepFailure("'\($0)' is not a list of item sets", retryable: false)
        },
        resources: StepResources = StepResources()
    ) {
        self.stepId = stepId
        self.itemSetLists = itemSetLists
        self.resources = resources
        self.itemSets = itemSets
        self.arguments = arguments
        self.outputDirectory = outputDirectory
        self.scratch = scratch
        self.projectRoot = projectRoot
        self.timeout = timeout
        self.log = log
        self.processSlots = processSlots
    }
}

/// A step's private scratch folder, created the first time it is asked for, so that steps that
/// never need one (in-process steps such as `text.write`) cost no folder to make and remove.
public final class ScratchDirectory: Sendable {
    private let make: @Sendable () throws -> URL
    private let created = Mutex<URL?>(nil)

    /// Creates a scratch folder that `make` creates on first use.
    public init(make: @escaping @Sendable () throws -> URL) {
        self.make = make
    }

    /// The folder, created now when it does not exist yet.
    /// - Throws: what `make` throws.
    public func url() throws -> URL {
        try created.withLock { created in
            if let created { return created }
            let url = try make()
            created = url
            return url
        }
    }

    /// The folder if it was created (for removing it afterwards).
    public var createdURL: URL? {
        created.withLock { $0 }
    }
}

/// Which stream a log line came from.
public enum LogChannel: String, Sendable {
    case stdout, stderr, info
}

/// One output an implementation produced: a file or a folder under its output directory.
public enum ProducedOutput: Hashable, Sendable {
    /// A single file, by its path relative to the output directory.
    case file(String)
    /// A single file given by its bytes, named `fileName` where outputs are published: stored
    /// without being written to the output directory and read back.
    case contents(Data, fileName: String)
    /// A folder (collected as a tree), by its path relative to the output directory.
    case directory(String)
    /// An item set: files under the output directory or unchanged input items, with metadata.
    case items([ProducedItem])
}

/// A step action that failed, with a message for the user.
public struct StepFailure: Error, Sendable, CustomStringConvertible {
    /// What went wrong.
    public var message: String
    /// Whether another attempt may succeed (a timeout, a crash); false for bad input.
    public var retryable: Bool

    /// Creates a failure.
    public init(_ message: String, retryable: Bool = true) {
        self.message = message
        self.retryable = retryable
    }

    public var description: String { message }
}

/// A counting semaphore for child processes, shared by every step of a run (`--jobs`).
public actor ProcessSlots {
    private var available: Int
    private var waiters: [CheckedContinuation<Void, Never>] = []

    /// Creates `count` slots.
    public init(_ count: Int) {
        available = max(1, count)
    }

    /// Runs `body` holding one slot.
    public func withSlot<T: Sendable>(_ body: @Sendable () async throws -> T) async rethrows -> T {
        await acquire()
        defer { release() }
        return try await body()
    }

    private func acquire() async {
        if available > 0 {
            available -= 1
            return
        }
        await withCheckedContinuation { waiters.append($0) }
    }

    private func release() {
        if waiters.isEmpty {
            available += 1
        } else {
            waiters.removeFirst().resume()
        }
    }
}

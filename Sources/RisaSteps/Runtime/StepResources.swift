/// Something expensive a step opens once and shares between the items of one execution (a
/// tagger's worker process, a loaded model), closed when the execution ends.
public protocol SharedResource: Sendable {
    /// Releases the resource (stops the process, frees the model). Called once.
    func close() async
}

/// The resources one execution of a step shares between its items: each is made on first use
/// under a key (a model's digest and settings), handed to every item that asks for the same key,
/// and closed by the engine when the execution is over, whether it succeeded or not.
///
/// ```swift
/// let worker = try await invocation.resources.shared(key: "wd14 \(modelDigest)") {
///     try await TaggerWorker.start(model: modelPath)
/// }
/// ```
public actor StepResources {
    private var resources: [String: any SharedResource] = [:]
    private var opening: [String: Task<any SharedResource, any Error>] = [:]
    private var closed = false

    /// Creates an empty set of resources.
    public init() {}

    /// The resource under `key`, made by `make` when no item has asked for it yet. Items that ask
    /// while it is being made wait for the same one; a failure to make it is every waiting item's
    /// failure, and the next request tries again.
    public func shared<R: SharedResource>(key: String, make: @escaping @Sendable () async throws -> R) async throws -> R
    {
        if closed { throw StepFailure("the step's resources were already closed", retryable: false) }
        if let existing = resources[key] {
            guard let typed = existing as? R else {
                throw StepFailure("resource '\(key)' has another type", retryable: false)
            }
            return typed
        }
        let task: Task<any SharedResource, any Error>
        if let pending = opening[key] {
            task = pending
        } else {
            task = Task { try await make() }
            opening[key] = task
        }
        do {
            let made = try await task.value
            opening[key] = nil
            if resources[key] == nil { resources[key] = made }
            guard let typed = resources[key] as? R else {
                throw StepFailure("resource '\(key)' has another type", retryable: false)
            }
            return typed
        } catch {
            opening[key] = nil
            throw error
        }
    }

    /// Closes every resource made so far; later requests fail.
    public func closeAll() async {
        closed = true
        let all = Array(resources.values)
        resources = [:]
        for resource in all { await resource.close() }
    }
}

import Synchronization

/// Keeps large structures alive until the process exits, so that the operating system reclaims
/// them at once instead of the command freeing them piece by piece on its way out.
///
/// A validated 10,000-step pipeline or a project's stat cache is millions of small allocations;
/// releasing them one by one costs a few percent of a short command. Only for values the command
/// is done with, right before it returns.
enum ProcessLifetime {
    private static let kept = Mutex<[any Sendable]>([])

    /// Holds `value` until exit.
    static func keep(_ value: some Sendable) {
        kept.withLock { $0.append(value) }
    }
}

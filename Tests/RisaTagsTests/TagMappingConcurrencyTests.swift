import Dispatch
import RisaCore
import Testing

@testable import RisaTags

@Suite struct TagMappingConcurrencyTests {
    /// One compiled mapping (with a regex rewrite) shared by several threads gives each the same
    /// results as a single thread.
    @Test func sharedMappingFromSeveralThreads() throws {
        let mapping = try TagMapping.compile(
            .map([
                "underscores": .bool(true),
                "rewrites": .list([.map(["pattern": .string(#"^(.+)_\(cosplay\)$"#), "replace": .string("$1")])]),
                "aliases": .map(["a_b_c": .string("d_e_f")]),
            ]), source: "shared.yaml")
        let input = [Tag("miku_(cosplay)"), Tag("a_b_c"), Tag("^_^")]
        let expected = mapping.apply(to: input).tags.map(\.name)
        #expect(expected == ["miku", "d e f", "^_^"])
        let results = ResultBox(count: 8)
        DispatchQueue.concurrentPerform(iterations: 8) { index in
            var names: [String] = []
            for _ in 0..<200 { names = mapping.apply(to: input).tags.map(\.name) }
            results.set(index, names)
        }
        #expect(results.all.allSatisfy { $0 == expected })
    }
}

/// Per-thread result slots behind a lock.
private final class ResultBox: @unchecked Sendable {
    // @unchecked Sendable: every access to `values` holds `lock`.
    private let lock = SemaphoreLock()
    private var values: [[String]]

    init(count: Int) {
        values = Array(repeating: [], count: count)
    }

    func set(_ index: Int, _ names: [String]) {
        lock.withLock { values[index] = names }
    }

    var all: [[String]] { lock.withLock { values } }
}

/// A minimal mutex on DispatchSemaphore, to keep the test free of Foundation.
private final class SemaphoreLock: @unchecked Sendable {
    // @unchecked Sendable: the semaphore serialises every critical section.
    private let semaphore = DispatchSemaphore(value: 1)

    func withLock<T>(_ body: () -> T) -> T {
        semaphore.wait()
        defer { semaphore.signal() }
        return body()
    }
}

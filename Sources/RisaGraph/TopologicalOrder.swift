/// Orders nodes so that each comes after its dependencies, or finds a cycle.
enum TopologicalOrder {
    enum Result {
        /// Indices into the input, in execution order.
        case order([Int])
        /// The ids of one cycle, in dependency order (each depends on the next... back to the first).
        case cycle([String])
    }

    /// Kahn's algorithm; ready nodes are taken in declaration order, so the result is stable.
    static func sort(ids: [String], edges: [[String]]) -> Result {
        var indexOf: [String: Int] = [:]
        indexOf.reserveCapacity(ids.count)
        for (index, id) in ids.enumerated() { indexOf[id] = index }
        var remaining = [Int](repeating: 0, count: ids.count)
        var dependents = [[Int]](repeating: [], count: ids.count)
        for (index, dependencies) in edges.enumerated() {
            for dependency in dependencies {
                guard let from = indexOf[dependency] else { continue }
                remaining[index] += 1
                dependents[from].append(index)
            }
        }
        var ready = PositionHeap()
        for index in ids.indices where remaining[index] == 0 { ready.insert(index) }
        var order: [Int] = []
        order.reserveCapacity(ids.count)
        while let index = ready.popMin() {
            order.append(index)
            for dependent in dependents[index] {
                remaining[dependent] -= 1
                if remaining[dependent] == 0 { ready.insert(dependent) }
            }
        }
        if order.count == ids.count { return .order(order) }
        return .cycle(
            findCycle(ids: ids, edges: edges, indexOf: indexOf, blocked: Set(ids.indices.filter { remaining[$0] > 0 })))
    }

    /// Walks dependency edges among the blocked nodes until a node repeats: that loop is a cycle.
    private static func findCycle(
        ids: [String], edges: [[String]], indexOf: [String: Int], blocked: Set<Int>
    ) -> [String] {
        guard var current = blocked.min() else { return [] }
        var seenAt: [Int: Int] = [:]
        var path: [Int] = []
        while seenAt[current] == nil {
            seenAt[current] = path.count
            path.append(current)
            guard let next = edges[current].compactMap({ indexOf[$0] }).filter(blocked.contains).min() else { break }
            current = next
        }
        // Edges point at dependencies: reverse the loop to print it in the order data flows, and start
        // it at the step declared first.
        let loop = Array(path[(seenAt[current] ?? 0)...].reversed())
        let start = loop.firstIndex(of: loop.min()!)!
        return (loop[start...] + loop[..<start]).map { ids[$0] }
    }
}

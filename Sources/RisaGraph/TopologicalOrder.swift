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
        var ready = Heap()
        for index in ids.indices where remaining[index] == 0 { ready.push(index) }
        var order: [Int] = []
        order.reserveCapacity(ids.count)
        while let index = ready.pop() {
            order.append(index)
            for dependent in dependents[index] {
                remaining[dependent] -= 1
                if remaining[dependent] == 0 { ready.push(dependent) }
            }
        }
        if order.count == ids.count { return .order(order) }
        return .cycle(findCycle(ids: ids, edges: edges, indexOf: indexOf, blocked: Set(ids.indices.filter { remaining[$0] > 0 })))
    }

    /// Walks dependency edges among the blocked nodes until a node repeats: that loop is a cycle.
    private static func findCycle(ids: [String], edges: [[String]], indexOf: [String: Int], blocked: Set<Int>) -> [String] {
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

    /// A binary min-heap of indices.
    private struct Heap {
        private var items: [Int] = []

        mutating func push(_ value: Int) {
            items.append(value)
            var child = items.count - 1
            while child > 0 {
                let parent = (child - 1) / 2
                guard items[child] < items[parent] else { break }
                items.swapAt(child, parent)
                child = parent
            }
        }

        mutating func pop() -> Int? {
            guard !items.isEmpty else { return nil }
            items.swapAt(0, items.count - 1)
            let top = items.removeLast()
            var parent = 0
            while true {
                let left = 2 * parent + 1
                let right = left + 1
                var smallest = parent
                if left < items.count, items[left] < items[smallest] { smallest = left }
                if right < items.count, items[right] < items[smallest] { smallest = right }
                guard smallest != parent else { return top }
                items.swapAt(parent, smallest)
                parent = smallest
            }
        }
    }
}

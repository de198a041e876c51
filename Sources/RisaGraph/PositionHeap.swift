/// Node positions, smallest (earliest in declaration or execution order) first: a binary min-heap.
/// The topological sort takes ready steps from it, and so does the scheduler, so that 10,000 ready
/// steps and two job slots cost O(log n) per start instead of a sort and a scan of every waiting step.
public struct PositionHeap: Sendable {
    private var heap: [Int] = []

    /// An empty heap.
    public init() {}

    /// Whether no position is left.
    public var isEmpty: Bool { heap.isEmpty }

    /// Adds a position.
    public mutating func insert(_ position: Int) {
        heap.append(position)
        var child = heap.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard heap[child] < heap[parent] else { break }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    /// Removes and returns the smallest position, or nil when empty.
    public mutating func popMin() -> Int? {
        guard let last = heap.popLast() else { return nil }
        guard !heap.isEmpty else { return last }
        let smallest = heap[0]
        heap[0] = last
        var parent = 0
        while true {
            let left = 2 * parent + 1
            guard left < heap.count else { break }
            let right = left + 1
            let child = right < heap.count && heap[right] < heap[left] ? right : left
            guard heap[child] < heap[parent] else { break }
            heap.swapAt(child, parent)
            parent = child
        }
        return smallest
    }

    /// Removes every position, smallest first.
    public mutating func removeAll() -> [Int] {
        var all: [Int] = []
        all.reserveCapacity(heap.count)
        while let position = popMin() { all.append(position) }
        return all
    }
}

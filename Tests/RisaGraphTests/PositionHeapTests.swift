import RisaGraph
import Testing

@Suite struct PositionHeapTests {
    @Test func popsTheSmallestPositionFirstWhateverTheInsertionOrder() {
        var queue = PositionHeap()
        #expect(queue.popMin() == nil)
        var generator = SystemRandomNumberGenerator()
        let positions = (0..<500).map { _ in Int.random(in: 0..<300, using: &generator) }
        for position in positions { queue.insert(position) }
        var popped: [Int] = []
        while let position = queue.popMin() { popped.append(position) }
        #expect(popped == positions.sorted())
        #expect(queue.isEmpty)
    }

    @Test func removeAllGivesEveryPositionInOrder() {
        var queue = PositionHeap()
        for position in [5, 1, 4, 1, 3] { queue.insert(position) }
        #expect(queue.removeAll() == [1, 1, 3, 4, 5])
        #expect(queue.isEmpty)
    }
}

import RisaCore
import Testing

@testable import RisaTags

@Suite struct TagStatisticsTests {
    @Test func countsPerCategoryOncePerItem() {
        let statistics = TagStatistics(items: [
            [Tag("smile"), Tag("smile"), Tag("miku", category: .character)],
            [Tag("smile"), Tag("blush")],
            [Tag("blush"), Tag("aaa")],
        ])
        #expect(statistics.itemCount == 3)
        #expect(statistics.top(.general).map(\.name) == ["blush", "smile", "aaa"])
        #expect(statistics.top(.general, limit: 1).map(\.count) == [2])
        #expect(statistics.value["categories"]?["character"] == .map(["miku": .int(1)]))
        #expect(statistics.value["items"] == .int(3))
    }
}

import Foundation
import Testing

@testable import RisaState

@Suite("Run ids")
struct RunIDTests {
    @Test("an id is the UTC start time to the second followed by six hex digits")
    func format() {
        var generator = SeededGenerator(state: 1)
        // 2025-11-22 02:45:12.9 UTC
        let id = RunID.make(startedAt: Date(timeIntervalSince1970: 1_763_779_512.9), using: &generator)
        #expect(id.rawValue.hasPrefix("20251122-024512-"))
        let suffix = id.rawValue.dropFirst("20251122-024512-".count)
        #expect(suffix.count == 6)
        #expect(suffix.allSatisfy { $0.isHexDigit && !$0.isUppercase })
    }

    @Test("ids sort by start time as text, and ids of the same second differ")
    func ordering() {
        var generator = SeededGenerator(state: 7)
        let early = RunID.make(startedAt: Date(timeIntervalSince1970: 1_763_779_512), using: &generator)
        let late = RunID.make(startedAt: Date(timeIntervalSince1970: 1_763_779_513), using: &generator)
        let sameSecond = RunID.make(startedAt: Date(timeIntervalSince1970: 1_763_779_513), using: &generator)
        #expect(early < late)
        #expect(early < sameSecond)
        #expect(late != sameSecond)
    }
}

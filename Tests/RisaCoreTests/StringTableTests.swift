import Testing

@testable import RisaCore

@Suite struct StringTableTests {
    @Test func stringsAreNumberedInOrderAndFoundAgain() {
        var table = StringTable()
        let words =
            (0..<5_000).map { "tag number \($0) " + String(repeating: "x", count: $0 % 40) } + ["", "é", "日本語のタグ"]
        for (index, word) in words.enumerated() { #expect(table.id(word) == Int32(index)) }
        #expect(table.count == words.count)
        for (index, word) in words.enumerated().reversed() {
            #expect(table.id(word) == Int32(index))
            #expect(table[Int32(index)] == word)
        }
        #expect(table.count == words.count)
    }

    @Test func equalStringsFromOtherStoragesGetTheSameNumber() {
        var table = StringTable()
        let first = table.id(String(repeating: "long tag name ", count: 3))
        // Built anew: the same text in another storage, so the front cache cannot answer.
        let again = table.id(["long tag name ", "long tag name ", "long tag name "].joined())
        #expect(first == again && table.count == 1)
        #expect(table.id("short") == 1 && table.id(String("shor") + "t") == 1)
    }

    @Test func theInternerSharesRepeatsAndStopsGrowingAtItsLimit() {
        var interner = StringInterner()
        let text = Array("a string long enough to be interned".utf8)
        let first = text.withUnsafeBufferPointer { interner.string(asciiBytes: $0) }
        let again = text.withUnsafeBufferPointer { interner.string(asciiBytes: $0) }
        #expect(first == "a string long enough to be interned" && again == first)
        let short = Array("short".utf8).withUnsafeBufferPointer { interner.string(asciiBytes: $0) }
        #expect(short == "short")
    }
}

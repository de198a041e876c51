import Testing

@testable import RisaCore

/// `UTF8Order`: strings ordered by their UTF-8 bytes, as canonical JSON and trees need.
@Suite struct UTF8OrderTests {
    @Test func ordersByBytesNotByUnicodeRules() {
        let names = [
            "b", "a", "B", "ab", "a", "", "é", "e\u{301}", "z", "日本", "\u{10FFFF}", "a b", "~",
            "long-name-past-15-bytes-1", "long-name-past-15-bytes-0",
        ]
        let expected = names.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
        #expect(names.sorted(by: UTF8Order.precedes) == expected)
        // "é" precomposed (C3 A9) sorts after "e" + combining acute (65 CC 81): bytes, not canonical equivalence.
        #expect(UTF8Order.precedes("e\u{301}", "é"))
        #expect(!UTF8Order.precedes("é", "e\u{301}"))
    }

    @Test func aPrefixSortsFirstAndEqualStringsDoNot() {
        #expect(UTF8Order.precedes("abc", "abcd"))
        #expect(!UTF8Order.precedes("abcd", "abc"))
        #expect(!UTF8Order.precedes("same", "same"))
        #expect(UTF8Order.precedes("", "a"))
        #expect(!UTF8Order.precedes("", ""))
    }

    @Test func substringBackedAndBridgedFreeStringsAgree() {
        let long = String(repeating: "x", count: 40)
        let slice = String(long.dropFirst(5))
        #expect(UTF8Order.precedes(slice, long + "y"))
        #expect(UTF8Order.precedes("x", slice))
    }
}

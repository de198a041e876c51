import RisaCore
import RisaModel
import Testing

@Suite struct TypeTests {
    @Test func parsesTypeNames() {
        #expect(ValueType.parse("int") == .int)
        #expect(ValueType.parse("list<path>") == .list(.path))
        #expect(ValueType.parse("map<list<int>>") == .map(.list(.int)))
        #expect(ValueType.parse("lst<int>") == nil)
    }

    @Test func assignability() {
        #expect(ValueType.number.accepts(.int))
        #expect(!ValueType.int.accepts(.number))
        #expect(ValueType.files.accepts(.images))
        #expect(!ValueType.images.accepts(.videos))
        #expect(ValueType.images.accepts(.path))
        #expect(ValueType.list(.number).accepts(.list(.int)))
        #expect(!ValueType.bool.accepts(.string))
        #expect(ValueType.enumeration(["a", "b"]).accepts(.enumeration(["a"])))
    }

    @Test func durations() {
        #expect(DurationParser.seconds("2s") == 2)
        #expect(DurationParser.seconds("10m") == 600)
        #expect(DurationParser.seconds("1h30m") == 5400)
        #expect(DurationParser.seconds("500ms") == 0.5)
        #expect(DurationParser.seconds("1.5h") == 5400)
        #expect(DurationParser.seconds("90") == 90)
        #expect(DurationParser.seconds("ten minutes") == nil)
        #expect(DurationParser.seconds("5x") == nil)
        #expect(DurationParser.format(5400) == "1h30m")
    }

    @Test func byteSizes() {
        #expect(ByteSize.parse("512M") == 512 << 20)
        #expect(ByteSize.parse("8GiB") == 8 << 30)
        #expect(ByteSize.parse("1024") == 1024)
        #expect(ByteSize.parse("lots") == nil)
    }

    @Test func suggestionsFindPlausibleTypos() {
        #expect(Suggestions.closest(to: "uess", among: ["uses", "with", "needs"]) == "uses")
        #expect(Suggestions.closest(to: "wiht", among: ["uses", "with", "needs"]) == "with")
        #expect(Suggestions.closest(to: "zzzzzz", among: ["uses", "with"]) == nil)
        #expect(Suggestions.editDistance("kitten", "sitting") == 3)
    }
}

import Testing

@testable import RisaProcess

@Suite("Splitting a byte stream into lines")
struct ProcessLineSplitterTests {
    /// Feeds `chunks` to a splitter, then ends the stream, and returns the lines in order.
    func split(_ chunks: [[UInt8]], limit: Int = 64 * 1024) -> [String] {
        var splitter = ProcessLineSplitter(maximumByteCount: limit)
        var lines: [String] = []
        for chunk in chunks {
            chunk.withUnsafeBytes { splitter.append($0) { lines.append($0) } }
        }
        splitter.finish { lines.append($0) }
        return lines
    }

    func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    @Test("lines split across chunks are joined")
    func acrossChunks() {
        #expect(split([bytes("he"), bytes("llo\nwor"), bytes("ld\n")]) == ["hello", "world"])
    }

    @Test("a line is handed over as soon as its newline arrives")
    func eagerDelivery() {
        var splitter = ProcessLineSplitter()
        var lines: [String] = []
        bytes("one\ntw").withUnsafeBytes { splitter.append($0) { lines.append($0) } }
        #expect(lines == ["one"])
    }

    @Test("the unfinished last line is handed over at the end, and nothing when there is none")
    func finish() {
        #expect(split([bytes("a\nb")]) == ["a", "b"])
        #expect(split([bytes("a\n")]) == ["a"])
        #expect(split([]) == [])
    }

    @Test("a CR before the newline is dropped; other CRs are kept")
    func carriageReturns() {
        #expect(split([bytes("a\r\nb\rc\n")]) == ["a", "b\rc"])
    }

    @Test("invalid UTF-8 becomes U+FFFD")
    func invalidUTF8() {
        #expect(split([[0xFF, 0x61, 0xC3, 0x0A]]) == ["\u{FFFD}a\u{FFFD}"])
    }

    @Test("a line of exactly the limit arrives whole, without an extra empty line")
    func exactlyTheLimit() {
        #expect(split([bytes("abcd"), bytes("\nef\n")], limit: 4) == ["abcd", "ef"])
    }

    @Test("a longer line is cut at the limit, even before its newline arrives")
    func longLine() {
        var splitter = ProcessLineSplitter(maximumByteCount: 4)
        var lines: [String] = []
        bytes("abcdefghij").withUnsafeBytes { splitter.append($0) { lines.append($0) } }
        #expect(lines == ["abcd", "efgh"])
        bytes("k\n").withUnsafeBytes { splitter.append($0) { lines.append($0) } }
        #expect(lines == ["abcd", "efgh", "ijk"])
    }

    @Test("a line longer than the limit inside one chunk is cut too")
    func longLineInOneChunk() {
        #expect(split([bytes("abcdefghij\nz\n")], limit: 4) == ["abcd", "efgh", "ij", "z"])
    }

    @Test("cuts fall between characters, not inside one")
    func cutsBetweenCharacters() {
        // "é" is 2 bytes, "€" 3 and "😀" 4: with a limit of 5, a cut at byte 5 would fall inside.
        #expect(split([bytes("aéé€€😀\n")], limit: 5) == ["aéé", "€", "€", "😀"])
        #expect(split([bytes("ab😀c\n")], limit: 5) == ["ab", "😀c"])
    }

    @Test("bytes that are all continuation bytes are cut at the limit")
    func invalidRunCutAtLimit() {
        let run = [UInt8](repeating: 0x80, count: 10) + [0x0A]
        #expect(split([run], limit: 4).map(\.unicodeScalars.count) == [4, 4, 2])
    }
}

import Foundation
import RisaCore
import Testing

@Suite struct CanonicalJSONTests {
    @Test func sortsKeysAndDropsWhitespace() {
        let value = Value.map(["b": .int(1), "a": .list([.bool(true), .null, .string("x")])])
        #expect(CanonicalJSON.string(value) == #"{"a":[true,null,"x"],"b":1}"#)
    }

    @Test func keepsIntsAndNumbersApart() {
        #expect(CanonicalJSON.string(.int(2)) == "2")
        #expect(CanonicalJSON.string(.number(2)) == "2.0")
        #expect(CanonicalJSON.string(.number(0.25)) == "0.25")
    }

    @Test func escapesControlCharactersAndQuotes() {
        #expect(CanonicalJSON.string(.string("a\"b\\c\n\u{01}")) == #""a\"b\\c\n\u0001""#)
    }

    @Test func integralNumbersKeepOneDecimal() {
        #expect(
            CanonicalJSON.string(
                .list([.number(0), .number(-0.0), .number(3), .number(-42), .number(1e14), .number(2.5)]))
                == "[0.0,-0.0,3.0,-42.0,100000000000000.0,2.5]")
    }

    @Test func copiesTextBetweenEscapesAndKeepsNonASCIIAsUTF8() {
        #expect(CanonicalJSON.string(.string("héllo\t✓ \u{1F}end")) == #""héllo\t✓ \u001fend""#)
        #expect(CanonicalJSON.data(.map(["é": .string("\"")])) == Data(#"{"é":"\""}"#.utf8))
        #expect(CanonicalJSON.pretty(.map(["k": .string("a\nb")])) == "{\n  \"k\": \"a\\nb\"\n}\n")
    }

    @Test func roundTripsThroughParse() throws {
        let value = Value.map([
            "name": .string("héllo ✓"), "count": .int(-42), "ratio": .number(1.5e-7),
            "nested": .map(["list": .list([.int(1), .number(2.5), .bool(false), .null])]),
        ])
        let parsed = try CanonicalJSON.parse(CanonicalJSON.data(value))
        #expect(parsed == value)
    }

    @Test func parsesEscapesAndSurrogatePairs() throws {
        #expect(try CanonicalJSON.parse(#""\u00e9\ud83d\ude00\/""#) == .string("é😀/"))
    }

    @Test func rejectsMalformedJSONWithOffset() {
        #expect(throws: CanonicalJSON.ParseError.self) { try CanonicalJSON.parse("{\"a\": }") }
        #expect(throws: CanonicalJSON.ParseError.self) { try CanonicalJSON.parse("[1, 2") }
        #expect(throws: CanonicalJSON.ParseError.self) { try CanonicalJSON.parse("1 2") }
        do {
            _ = try CanonicalJSON.parse("[1,,2]")
            Issue.record("expected a parse error")
        } catch let error as CanonicalJSON.ParseError {
            #expect(error.message.contains("byte 3"))
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }
}

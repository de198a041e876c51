import Foundation
import RisaCore
import Testing

/// Documents above `JSONParser.parallelThreshold` are parsed in chunks on every core; the result
/// must be exactly what the text says, wherever the chunk boundaries are guessed.
@Suite struct LargeJSONParseTests {
    /// An array of `count` objects like item-set items; every `trap`th one holds `},{` inside a
    /// string and a nested list of objects, so boundary guesses fall inside values too.
    static func document(count: Int, trap: Int = 7, after: Value? = nil) -> Value {
        let items: [Value] = (0..<count).map { index in
            var metadata: [String: Value] = [
                "names": .list((0..<3).map { .string("general tag \(($0 * 37 + index) % 3_000)") }),
                "score": .number(Double(index % 1000) / 1000),
                "text": .string(String(repeating: "filler text ", count: 80)),
            ]
            if index % trap == 0 {
                metadata["caption"] = .string("a },{\"digest\":\"x\"}, trap ✓ \(index)")
                metadata["boxes"] = .list([.map(["x": .int(index)]), .map(["y": .string("},{")])])
            }
            return .map([
                "digest": .string("sha256:\(index)"), "metadata": .map(metadata), "name": .string("f/\(index).png"),
            ])
        }
        var top: [String: Value] = ["$type": .string("risa.itemset/1"), "items": .list(items)]
        if let after { top["zzz"] = after }
        return .map(top)
    }

    @Test func aLargeArrayParsesToWhatWasWrittenDespiteFalseBoundaries() throws {
        let value = Self.document(count: 5_000)
        let data = CanonicalJSON.data(value)
        #expect(data.count > 4 << 20)
        #expect(try CanonicalJSON.parse(data) == value)
    }

    @Test func everyGuessFallingInsideAValueStillParsesRight() throws {
        // Every item holds a trap, so most chunk starts are false and the rest is read in one pass.
        let value = Self.document(count: 5_000, trap: 1)
        let data = CanonicalJSON.data(value)
        #expect(data.count > 4 << 20)
        #expect(try CanonicalJSON.parse(data) == value)
    }

    @Test func keysAfterTheLargeArrayAreRead() throws {
        let value = Self.document(count: 5_000, after: .list([.map(["a": .int(1)]), .map(["b": .int(2)])]))
        #expect(try CanonicalJSON.parse(CanonicalJSON.data(value)) == value)
    }

    @Test func anErrorLateInTheArrayNamesItsByteOffset() throws {
        var bytes = [UInt8](CanonicalJSON.data(Self.document(count: 5_000)))
        let position = bytes.count - 1_000
        bytes[position] = UInt8(ascii: "\u{01}")  // a control character: in a string or not, an error
        #expect {
            try CanonicalJSON.parse(Data(bytes))
        } throws: { error in
            guard let error = error as? CanonicalJSON.ParseError else { return false }
            // The offset is within a few bytes of the damage (it may be reported at the value's start).
            let offset = Int(error.message.split(separator: " ")[3].dropLast()) ?? -1
            return abs(offset - position) < 200
        }
    }

    @Test func repeatedAndNonASCIIStringsComeBackEqual() throws {
        let long = "a long repeated tag name"
        let value = Value.list(
            (0..<1_000).map {
                .list([.string(long), .string("héllo wörld, more than sixteen"), .string("\(long) \($0)")])
            })
        #expect(try CanonicalJSON.parse(CanonicalJSON.data(value)) == value)
        #expect(throws: CanonicalJSON.ParseError.self) { try CanonicalJSON.parse(Data([0x22, 0xC3, 0x28, 0x22])) }
    }
}

import RisaCore
import Testing

@testable import RisaDataset

@Suite struct TOMLWriterTests {
    var document: TOMLTable {
        var root = TOMLTable()
        root["title"] = .string("quote \" back\\slash\nnew line\ttab \u{01} del \u{7F} 日本")
        root["count"] = .integer(-3)
        root["rate"] = .float(1e-05)
        root["whole"] = .float(5)
        root["flag"] = .boolean(false)
        root["list"] = .array([.integer(1), .string("two")])
        root["odd key.name"] = .string("x")
        var inner = TOMLTable()
        inner["a"] = .integer(1)
        var deeper = TOMLTable()
        deeper["b"] = .boolean(true)
        inner["deeper"] = .table(deeper)
        root["inner"] = .table(inner)
        var first = TOMLTable()
        first["name"] = .string("one")
        var sub = TOMLTable()
        sub["dir"] = .string("/x")
        first["subs"] = .array([.table(sub), .table(sub)])
        root["items"] = .array([.table(first), .table(TOMLTable())])
        return root
    }

    @Test func writesDeterministicText() {
        let text = TOMLWriter.string(document)
        let title = "title = \"quote \\\" back\\\\slash\\nnew line\ttab \\u0001 del \\u007F 日本\"\n"
        #expect(text.hasPrefix(title + "count = -3\n"))
        #expect(text.contains("rate = 1e-05\nwhole = 5.0\n"))
        #expect(text.contains("\"odd key.name\" = \"x\"\n"))
        #expect(text.contains("\n[inner.deeper]\nb = true\n"))
        #expect(text.contains("\n[[items]]\nname = \"one\"\n\n[[items.subs]]\ndir = \"/x\"\n"))
        #expect(text == TOMLWriter.string(document))
    }

    @Test(.enabled(if: PythonTOML.isAvailable)) func parsesBackWithTomllib() throws {
        #expect(try PythonTOML.parse(TOMLWriter.string(document)) == TOMLValue.table(document).value)
    }

    @Test func tableKeepsOrderAndReplacesInPlace() {
        var table = TOMLTable()
        table["b"] = .integer(1)
        table["a"] = .integer(2)
        table["b"] = .integer(3)
        #expect(table.keys == ["b", "a"])
        table["b"] = nil
        #expect(table.keys == ["a"])
        #expect(TOMLWriter.float(.infinity) == "inf" && TOMLWriter.float(-.infinity) == "-inf")
        #expect(TOMLWriter.float(.nan) == "nan")
    }
}

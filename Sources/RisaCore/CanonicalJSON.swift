import Foundation

/// The one text form of a `Value` that Risa hashes and stores: JSON with keys sorted by their UTF-8
/// bytes, no insignificant white space, integers without a fraction, and numbers in the shortest form
/// that reads back to the same double. Equal values always give equal bytes.
public enum CanonicalJSON {
    /// The canonical JSON text of `value`.
    public static func string(_ value: Value) -> String {
        var output = ""
        write(value, to: &output)
        return output
    }

    /// The same content indented by two spaces per level, keys sorted, for files people read and
    /// diff (schemas, lockfiles). Ends with a newline.
    public static func pretty(_ value: Value) -> String {
        var output = ""
        writePretty(value, indent: "", to: &output)
        return output + "\n"
    }

    /// The canonical JSON bytes of `value`.
    public static func data(_ value: Value) -> Data {
        Data(string(value).utf8)
    }

    /// Parses JSON text into a `Value` (integers without fraction or exponent that fit in `Int`
    /// become `.int`).
    /// - Throws: `CanonicalJSON.ParseError` naming the byte offset when the text is not JSON.
    public static func parse(_ data: Data) throws -> Value {
        var parser = JSONParser(bytes: [UInt8](data))
        return try parser.parseDocument()
    }

    /// Parses JSON text given as a string.
    public static func parse(_ text: String) throws -> Value {
        try parse(Data(text.utf8))
    }

    /// A JSON text could not be read.
    public struct ParseError: Error, Sendable, CustomStringConvertible {
        /// What was wrong, with the byte offset.
        public let message: String
        public var description: String { message }
    }

    private static func write(_ value: Value, to output: inout String) {
        switch value {
        case .null: output += "null"
        case .bool(let flag): output += flag ? "true" : "false"
        case .int(let number): output += String(number)
        case .number(let number): output += format(number)
        case .string(let text): writeString(text, to: &output)
        case .list(let items):
            output += "["
            for (index, item) in items.enumerated() {
                if index > 0 { output += "," }
                write(item, to: &output)
            }
            output += "]"
        case .map(let entries):
            output += "{"
            let keys = entries.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
            for (index, key) in keys.enumerated() {
                if index > 0 { output += "," }
                writeString(key, to: &output)
                output += ":"
                write(entries[key]!, to: &output)
            }
            output += "}"
        }
    }

    private static func writePretty(_ value: Value, indent: String, to output: inout String) {
        let inner = indent + "  "
        switch value {
        case .list(let items) where !items.isEmpty:
            output += "[\n"
            for (index, item) in items.enumerated() {
                output += inner
                writePretty(item, indent: inner, to: &output)
                output += index < items.count - 1 ? ",\n" : "\n"
            }
            output += indent + "]"
        case .map(let entries) where !entries.isEmpty:
            output += "{\n"
            let keys = entries.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
            for (index, key) in keys.enumerated() {
                output += inner
                writeString(key, to: &output)
                output += ": "
                writePretty(entries[key]!, indent: inner, to: &output)
                output += index < keys.count - 1 ? ",\n" : "\n"
            }
            output += indent + "}"
        default:
            write(value, to: &output)
        }
    }

    private static func format(_ number: Double) -> String {
        guard number.isFinite else { return "null" }
        if number == number.rounded(), abs(number) < 1e15 { return String(format: "%.1f", number) }
        return "\(number)"
    }

    private static func writeString(_ text: String, to output: inout String) {
        output += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            default:
                if scalar.value < 0x20 {
                    output += String(format: "\\u%04x", scalar.value)
                } else {
                    output.unicodeScalars.append(scalar)
                }
            }
        }
        output += "\""
    }
}

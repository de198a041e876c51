import Foundation

/// The one text form of a `Value` that Risa hashes and stores: JSON with keys sorted by their UTF-8
/// bytes, no insignificant white space, integers without a fraction, and numbers in the shortest form
/// that reads back to the same double. Equal values always give equal bytes.
public enum CanonicalJSON {
    /// The canonical JSON text of `value`.
    public static func string(_ value: Value) -> String {
        String(decoding: bytes(value), as: UTF8.self)
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
        Data(bytes(value))
    }

    /// Appends the canonical JSON of `value` to `output`: for encoders that write a fixed layout
    /// around values (trees, item sets) without building a `Value` for the whole document.
    public static func append(_ value: Value, to output: inout [UInt8]) {
        write(value, to: &output)
    }

    /// Appends `text` as a canonical JSON string (quoted and escaped) to `output`.
    public static func appendString(_ text: String, to output: inout [UInt8]) {
        writeString(text, to: &output)
    }

    /// The canonical JSON bytes of `value`, written as UTF-8 bytes directly (action keys, records
    /// and run events are encoded for every step of a run; appending to a `String` scalar by scalar
    /// was the slow part).
    public static func bytes(_ value: Value) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(256)
        write(value, to: &output)
        return output
    }

    /// Parses JSON text into a `Value` (integers without fraction or exponent that fit in `Int`
    /// become `.int`).
    /// - Throws: `CanonicalJSON.ParseError` naming the byte offset when the text is not JSON.
    public static func parse(_ data: Data) throws -> Value {
        try data.withUnsafeBytes { raw in
            var parser = JSONParser(bytes: raw.bindMemory(to: UInt8.self))
            return try parser.parseDocument()
        }
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

    private static func write(_ value: Value, to output: inout [UInt8]) {
        switch value {
        case .null: output.append(contentsOf: "null".utf8)
        case .bool(let flag): output.append(contentsOf: (flag ? "true" : "false").utf8)
        case .int(let number): output.append(contentsOf: String(number).utf8)
        case .number(let number): output.append(contentsOf: format(number).utf8)
        case .string(let text): writeString(text, to: &output)
        case .list(let items):
            output.append(UInt8(ascii: "["))
            for (index, item) in items.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                write(item, to: &output)
            }
            output.append(UInt8(ascii: "]"))
        case .map(let entries):
            output.append(UInt8(ascii: "{"))
            let keys = entries.keys.sorted { UTF8Order.precedes($0, $1) }
            for (index, key) in keys.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                writeString(key, to: &output)
                output.append(UInt8(ascii: ":"))
                write(entries[key]!, to: &output)
            }
            output.append(UInt8(ascii: "}"))
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
            let keys = entries.keys.sorted { UTF8Order.precedes($0, $1) }
            for (index, key) in keys.enumerated() {
                output += inner
                writeString(key, to: &output)
                output += ": "
                writePretty(entries[key]!, indent: inner, to: &output)
                output += index < keys.count - 1 ? ",\n" : "\n"
            }
            output += indent + "}"
        default:
            output += string(value)
        }
    }

    private static func format(_ number: Double) -> String {
        guard number.isFinite else { return "null" }
        if number == number.rounded(), abs(number) < 1e15 {
            // What "%.1f" prints for an integral value, without String(format:) (run events hold
            // a duration per step).
            let integral = Int64(number)
            return (integral == 0 && number.sign == .minus ? "-" : "") + String(integral) + ".0"
        }
        return "\(number)"
    }

    private static func writeString(_ text: String, to output: inout String) {
        var bytes: [UInt8] = []
        writeString(text, to: &bytes)
        output += String(decoding: bytes, as: UTF8.self)
    }

    /// Writes `text` quoted, escaping `"`, `\\` and control characters; runs of other bytes (all of
    /// a typical string) are copied whole.
    private static func writeString(_ text: String, to output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { bytes in
            var start = 0
            for index in 0..<bytes.count {
                let byte = bytes[index]
                guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
                output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<index]))
                switch byte {
                case UInt8(ascii: "\""): output.append(contentsOf: "\\\"".utf8)
                case UInt8(ascii: "\\"): output.append(contentsOf: "\\\\".utf8)
                case UInt8(ascii: "\n"): output.append(contentsOf: "\\n".utf8)
                case UInt8(ascii: "\r"): output.append(contentsOf: "\\r".utf8)
                case UInt8(ascii: "\t"): output.append(contentsOf: "\\t".utf8)
                default: output.append(contentsOf: String(format: "\\u%04x", byte).utf8)
                }
                start = index + 1
            }
            output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<bytes.count]))
        }
        output.append(UInt8(ascii: "\""))
    }
}

/// A string value that may hold `${{ expression }}` parts.
///
/// A template that is exactly one expression (`"${{ params.size }}"`) takes the expression's type and
/// value; any other template is a string made by joining its parts.
public struct Template: Hashable, Sendable {
    /// A piece of a template.
    public enum Part: Hashable, Sendable {
        /// Literal text.
        case text(String)
        /// An expression, with its source text and its offset in the template (of the text after `${{`).
        case expression(Expression, source: String, offset: Int)
    }

    /// The parts, in order.
    public var parts: [Part]

    /// The single expression, when the whole template is one (surrounding white space allowed).
    public var soleExpression: Expression? {
        var found: Expression?
        for part in parts {
            switch part {
            case .text(let text):
                if !Self.isBlank(text) { return nil }
            case .expression(let expression, _, _):
                if found != nil { return nil }
                found = expression
            }
        }
        return found
    }

    /// Whether `text` is only white space, decided on its bytes when they are ASCII (asked for
    /// every argument of every step; `Character.isWhitespace` looks up Unicode properties).
    static func isBlank(_ text: String) -> Bool {
        for byte in text.utf8 {
            switch byte {
            case 0x09...0x0D, 0x20: continue
            case 0x80...: return text.allSatisfy(\.isWhitespace)
            default: return false
            }
        }
        return true
    }

    /// Whether the template holds any expression at all.
    public var hasExpressions: Bool {
        parts.contains { if case .expression = $0 { return true } else { return false } }
    }

    /// Every expression with its offset in the template text.
    public var expressions: [(expression: Expression, offset: Int)] {
        parts.compactMap {
            if case .expression(let expression, _, let offset) = $0 { return (expression, offset) }
            return nil
        }
    }

    /// A syntax error inside a template, with its offset from the start of the template text.
    public struct SyntaxError: Error, Hashable, Sendable {
        /// What is wrong.
        public var message: String
        /// Offset in Unicode scalars from the start of the template.
        public var offset: Int

        /// Creates an error.
        public init(message: String, offset: Int) {
            self.message = message
            self.offset = offset
        }
    }

    /// Whether `text` contains `${{`, the opening of an expression: what decides whether a written
    /// scalar is a template at all.
    ///
    /// A byte scan of the UTF-8 view (the marker is ASCII). Every scalar of a pipeline goes through
    /// this test, several times per command, and `String.contains` resolves to Foundation's much
    /// slower `range(of:)`. Unlike that search, which compares composed characters, the scan also
    /// finds a `${{` directly followed by a combining mark (which then fails to parse rather than
    /// passing as plain text).
    public static func containsMarker(_ text: String) -> Bool {
        var matched = 0
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "$"): matched = 1
            case UInt8(ascii: "{") where matched == 2: return true
            case UInt8(ascii: "{") where matched == 1: matched = 2
            default: matched = 0
            }
        }
        return false
    }

    /// Splits `text` into literal and expression parts, parsing each expression.
    /// - Throws: `Template.SyntaxError` for an unclosed `${{` or an expression that does not parse.
    public static func parse(_ text: String) throws(SyntaxError) -> Template {
        guard containsMarker(text) else { return Template(parts: [.text(text)]) }
        // Scanned as UTF-8 bytes: every delimiter is ASCII, and an ASCII byte never occurs inside a
        // multi-byte sequence. Offsets count Unicode scalars (bytes that do not continue a sequence).
        let bytes = Array(text.utf8)
        var parts: [Part] = []
        var index = 0
        var offset = 0
        var literalStart = 0
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "$"), index + 2 < bytes.count, bytes[index + 1] == UInt8(ascii: "{"),
                bytes[index + 2] == UInt8(ascii: "{")
            {
                guard let close = closingBraces(in: bytes, from: index + 3) else {
                    throw SyntaxError(message: "'${{' is not closed with '}}'", offset: offset)
                }
                if literalStart < index {
                    parts.append(.text(String(decoding: bytes[literalStart..<index], as: UTF8.self)))
                }
                let expressionText = String(decoding: bytes[(index + 3)..<close], as: UTF8.self)
                let expressionOffset = offset + 3
                do {
                    let expression = try ExpressionParser.parse(expressionText)
                    parts.append(
                        .expression(expression, source: expressionText.trimmingWhitespace, offset: expressionOffset))
                } catch {
                    throw SyntaxError(message: error.message, offset: expressionOffset + error.offset)
                }
                offset = expressionOffset + expressionText.unicodeScalars.count + 2
                index = close + 2
                literalStart = index
            } else {
                if bytes[index] & 0xC0 != 0x80 { offset += 1 }
                index += 1
            }
        }
        if literalStart < bytes.count { parts.append(.text(String(decoding: bytes[literalStart...], as: UTF8.self))) }
        return Template(parts: parts)
    }

    /// The index of the `}}` that closes an expression starting at `start`, skipping quoted strings.
    private static func closingBraces(in bytes: [UInt8], from start: Int) -> Int? {
        var index = start
        var quote: UInt8?
        while index < bytes.count {
            let byte = bytes[index]
            if let open = quote {
                if byte == open { quote = nil }
            } else if byte == UInt8(ascii: "'") || byte == UInt8(ascii: "\"") {
                quote = byte
            } else if byte == UInt8(ascii: "}"), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "}") {
                return index
            }
            index += 1
        }
        return nil
    }
}

extension String {
    /// The text without leading and trailing white-space characters.
    var trimmingWhitespace: String {
        // ASCII white space next to an ASCII byte is a character of its own (or half of CR LF, itself
        // white space), so it is dropped byte by byte; only what is left at the ends after that goes
        // through the slower `Character` view.
        let bytes = utf8
        var start = bytes.startIndex
        var end = bytes.endIndex
        while start < end, Self.isASCIIWhitespace(bytes[start]) {
            let next = bytes.index(after: start)
            guard next == end || bytes[next] < 0x80 else { break }
            start = next
        }
        while start < end {
            let last = bytes.index(before: end)
            guard Self.isASCIIWhitespace(bytes[last]), last == start || bytes[bytes.index(before: last)] < 0x80 else {
                break
            }
            end = last
        }
        var scalars = self[start..<end]
        while scalars.first?.isWhitespace == true { scalars = scalars.dropFirst() }
        while scalars.last?.isWhitespace == true { scalars = scalars.dropLast() }
        return String(scalars)
    }

    private static func isASCIIWhitespace(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || (byte >= 9 && byte <= 13)
    }
}

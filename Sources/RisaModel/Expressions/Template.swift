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
        let meaningful = parts.filter {
            if case .text(let text) = $0 { return !text.allSatisfy(\.isWhitespace) }
            return true
        }
        guard meaningful.count == 1, case .expression(let expression, _, _) = meaningful[0] else { return nil }
        return expression
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

    /// Splits `text` into literal and expression parts, parsing each expression.
    /// - Throws: `Template.SyntaxError` for an unclosed `${{` or an expression that does not parse.
    public static func parse(_ text: String) throws(SyntaxError) -> Template {
        guard text.contains("${{") else { return Template(parts: [.text(text)]) }
        let scalars = Array(text.unicodeScalars)
        var parts: [Part] = []
        var literal = String.UnicodeScalarView()
        var index = 0
        while index < scalars.count {
            if scalars[index] == "$", index + 2 < scalars.count, scalars[index + 1] == "{", scalars[index + 2] == "{" {
                guard let close = closingBraces(in: scalars, from: index + 3) else {
                    throw SyntaxError(message: "'${{' is not closed with '}}'", offset: index)
                }
                if !literal.isEmpty {
                    parts.append(.text(String(literal)))
                    literal = String.UnicodeScalarView()
                }
                var source = String.UnicodeScalarView()
                source.append(contentsOf: scalars[(index + 3)..<close])
                let expressionText = String(source)
                do {
                    let expression = try ExpressionParser.parse(expressionText)
                    parts.append(.expression(expression, source: expressionText.trimmingWhitespace, offset: index + 3))
                } catch {
                    throw SyntaxError(message: error.message, offset: index + 3 + error.offset)
                }
                index = close + 2
            } else {
                literal.append(scalars[index])
                index += 1
            }
        }
        if !literal.isEmpty { parts.append(.text(String(literal))) }
        return Template(parts: parts)
    }

    /// The index of the `}}` that closes an expression starting at `start`, skipping quoted strings.
    private static func closingBraces(in scalars: [Unicode.Scalar], from start: Int) -> Int? {
        var index = start
        var quote: Unicode.Scalar?
        while index < scalars.count {
            let scalar = scalars[index]
            if let open = quote {
                if scalar == open { quote = nil }
            } else if scalar == "'" || scalar == "\"" {
                quote = scalar
            } else if scalar == "}", index + 1 < scalars.count, scalars[index + 1] == "}" {
                return index
            }
            index += 1
        }
        return nil
    }
}

extension String {
    var trimmingWhitespace: String {
        var scalars = Substring(self)
        while scalars.first?.isWhitespace == true { scalars = scalars.dropFirst() }
        while scalars.last?.isWhitespace == true { scalars = scalars.dropLast() }
        return String(scalars)
    }
}

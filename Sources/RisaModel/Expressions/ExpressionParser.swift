import RisaCore

/// An expression that could not be parsed: what was expected, and where (scalar offset).
public struct ExpressionSyntaxError: Error, Hashable, Sendable {
    /// What went wrong.
    public var message: String
    /// Offset in Unicode scalars from the start of the expression text.
    public var offset: Int

    /// Creates an error.
    public init(message: String, offset: Int) {
        self.message = message
        self.offset = offset
    }
}

/// A recursive-descent parser for Risa's expression language.
///
/// Grammar (lowest precedence first):
/// ```
/// or      := and ("||" and)*
/// and     := equality ("&&" equality)*
/// equality:= compare (("==" | "!=") compare)*
/// compare := unary (("<" | "<=" | ">" | ">=") unary)*
/// unary   := "!" unary | postfix
/// postfix := primary ("." NAME | "[" or "]")*
/// primary := NUMBER | STRING | true | false | null | NAME | NAME "(" args ")" | "(" or ")"
/// ```
/// Strings are single- or double-quoted; a quote is doubled to include it (`'it''s'`), as in
/// GitHub Actions.
public struct ExpressionParser {
    private var tokens: [Token] = []
    private var position = 0

    /// Parses `text` (the inside of `${{ }}`).
    /// - Throws: `ExpressionSyntaxError` with the offset of the problem.
    public static func parse(_ text: String) throws(ExpressionSyntaxError) -> Expression {
        var parser = ExpressionParser()
        var lexer = Lexer(text)
        parser.tokens = try lexer.tokens()
        guard parser.tokens.count > 1 else { throw ExpressionSyntaxError(message: "empty expression", offset: 0) }
        let expression = try parser.parseOr()
        let next = parser.tokens[parser.position]
        guard case .end = next.kind else {
            throw ExpressionSyntaxError(
                message: "unexpected \(next.kind.description) after the expression", offset: next.offset)
        }
        return expression
    }

    private var current: Token { tokens[position] }

    private mutating func advance() -> Token {
        let token = tokens[position]
        if position < tokens.count - 1 { position += 1 }
        return token
    }

    private mutating func parseOr() throws(ExpressionSyntaxError) -> Expression {
        var lhs = try parseAnd()
        while case .symbol("||") = current.kind {
            let token = advance()
            lhs = .binary(.or, lhs, try parseAnd(), offset: token.offset)
        }
        return lhs
    }

    private mutating func parseAnd() throws(ExpressionSyntaxError) -> Expression {
        var lhs = try parseEquality()
        while case .symbol("&&") = current.kind {
            let token = advance()
            lhs = .binary(.and, lhs, try parseEquality(), offset: token.offset)
        }
        return lhs
    }

    private mutating func parseEquality() throws(ExpressionSyntaxError) -> Expression {
        var lhs = try parseComparison()
        while case .symbol(let symbol) = current.kind, symbol == "==" || symbol == "!=" {
            let token = advance()
            lhs = .binary(symbol == "==" ? .equal : .notEqual, lhs, try parseComparison(), offset: token.offset)
        }
        return lhs
    }

    private mutating func parseComparison() throws(ExpressionSyntaxError) -> Expression {
        var lhs = try parseUnary()
        while case .symbol(let symbol) = current.kind, let op = Expression.BinaryOperator(rawValue: symbol),
            [.less, .lessOrEqual, .greater, .greaterOrEqual].contains(op)
        {
            let token = advance()
            lhs = .binary(op, lhs, try parseUnary(), offset: token.offset)
        }
        return lhs
    }

    private mutating func parseUnary() throws(ExpressionSyntaxError) -> Expression {
        if case .symbol("!") = current.kind {
            let token = advance()
            return .not(try parseUnary(), offset: token.offset)
        }
        return try parsePostfix()
    }

    private mutating func parsePostfix() throws(ExpressionSyntaxError) -> Expression {
        var base = try parsePrimary()
        while true {
            if case .symbol(".") = current.kind {
                _ = advance()
                let token = advance()
                guard case .name(let name) = token.kind else {
                    throw ExpressionSyntaxError(
                        message: "expected a name after '.', found \(token.kind.description)", offset: token.offset)
                }
                base = .member(base, name, offset: base.offset)
            } else if case .symbol("[") = current.kind {
                _ = advance()
                let index = try parseOr()
                try expect("]")
                base = .index(base, index, offset: base.offset)
            } else {
                return base
            }
        }
    }

    private mutating func expect(_ symbol: String) throws(ExpressionSyntaxError) {
        let token = advance()
        guard case .symbol(let found) = token.kind, found == symbol else {
            throw ExpressionSyntaxError(
                message: "expected '\(symbol)', found \(token.kind.description)", offset: token.offset)
        }
    }

    private mutating func parsePrimary() throws(ExpressionSyntaxError) -> Expression {
        let token = advance()
        switch token.kind {
        case .number(let value), .string(let value):
            return .literal(value, offset: token.offset)
        case .name("true"): return .literal(.bool(true), offset: token.offset)
        case .name("false"): return .literal(.bool(false), offset: token.offset)
        case .name("null"): return .literal(.null, offset: token.offset)
        case .name(let name):
            guard case .symbol("(") = current.kind else { return .identifier(name, offset: token.offset) }
            _ = advance()
            var arguments: [Expression] = []
            if case .symbol(")") = current.kind {
                _ = advance()
                return .call(name, arguments, offset: token.offset)
            }
            while true {
                arguments.append(try parseOr())
                if case .symbol(",") = current.kind {
                    _ = advance()
                    continue
                }
                try expect(")")
                return .call(name, arguments, offset: token.offset)
            }
        case .symbol("("):
            let inner = try parseOr()
            try expect(")")
            return inner
        default:
            throw ExpressionSyntaxError(
                message: "expected a value, found \(token.kind.description)", offset: token.offset)
        }
    }
}

/// One lexical token with its offset.
private struct Token {
    enum Kind {
        case name(String)
        case number(Value)
        case string(Value)
        case symbol(String)
        case end

        var description: String {
            switch self {
            case .name(let name): return "'\(name)'"
            case .number(let value): return "number \(CanonicalJSON.string(value))"
            case .string(let value): return "string \(CanonicalJSON.string(value))"
            case .symbol(let symbol): return "'\(symbol)'"
            case .end: return "end of expression"
            }
        }
    }

    var kind: Kind
    var offset: Int
}

/// Splits expression text into tokens.
private struct Lexer {
    private let scalars: [Unicode.Scalar]
    private var index = 0

    init(_ text: String) {
        scalars = Array(text.unicodeScalars)
    }

    mutating func tokens() throws(ExpressionSyntaxError) -> [Token] {
        var result: [Token] = []
        while true {
            while index < scalars.count, isWhitespace(scalars[index]) { index += 1 }
            guard index < scalars.count else {
                result.append(Token(kind: .end, offset: index))
                return result
            }
            result.append(try nextToken())
        }
    }

    private mutating func nextToken() throws(ExpressionSyntaxError) -> Token {
        let start = index
        let scalar = scalars[index]
        if scalar == "'" || scalar == "\"" {
            return Token(kind: .string(.string(try readString(quote: scalar))), offset: start)
        }
        if isDigit(scalar) || (scalar == "-" && index + 1 < scalars.count && isDigit(scalars[index + 1])) {
            return Token(kind: .number(try readNumber()), offset: start)
        }
        if isAlphabetic(scalar) || scalar == "_" {
            while index < scalars.count,
                isAlphabetic(scalars[index]) || isDigit(scalars[index])
                    || scalars[index] == "_" || scalars[index] == "-"
            {
                index += 1
            }
            return Token(kind: .name(text(start..<index)), offset: start)
        }
        if index + 1 < scalars.count, let symbol = Self.pairs[scalars[index]]?[scalars[index + 1]] {
            index += 2
            return Token(kind: .symbol(symbol), offset: start)
        }
        if "!<>.,()[]".unicodeScalars.contains(scalar) {
            index += 1
            return Token(kind: .symbol(String(scalar)), offset: start)
        }
        if scalar == "=" {
            throw ExpressionSyntaxError(message: "unexpected '='; use '==' to compare", offset: start)
        }
        throw ExpressionSyntaxError(message: "unexpected character '\(scalar)'", offset: start)
    }

    /// The two-character operators, by first and second character.
    private static let pairs: [Unicode.Scalar: [Unicode.Scalar: String]] = [
        "&": ["&": "&&"], "|": ["|": "||"], "=": ["=": "=="], "!": ["=": "!="], "<": ["=": "<="], ">": ["=": ">="],
    ]

    private func isDigit(_ scalar: Unicode.Scalar) -> Bool { scalar >= "0" && scalar <= "9" }

    /// The text of `scalars[range]`; names are nearly always ASCII, which is copied byte by byte
    /// instead of going through `UnicodeScalarView.append`.
    private func text(_ range: Range<Int>) -> String {
        let slice = scalars[range]
        guard slice.allSatisfy(\.isASCII) else {
            var view = String.UnicodeScalarView()
            view.append(contentsOf: slice)
            return String(view)
        }
        return String(unsafeUninitializedCapacity: slice.count) { buffer in
            for (offset, scalar) in slice.enumerated() { buffer[offset] = UInt8(truncatingIfNeeded: scalar.value) }
            return slice.count
        }
    }

    // ASCII answered directly: the Unicode property lookups were most of the lexer's time.
    private func isAlphabetic(_ scalar: Unicode.Scalar) -> Bool {
        guard scalar.isASCII else { return scalar.properties.isAlphabetic }
        return (scalar >= "a" && scalar <= "z") || (scalar >= "A" && scalar <= "Z")
    }

    private func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        guard scalar.isASCII else { return scalar.properties.isWhitespace }
        return scalar == " " || (scalar >= "\t" && scalar <= "\r")
    }

    private mutating func readString(quote: Unicode.Scalar) throws(ExpressionSyntaxError) -> String {
        let start = index
        index += 1
        var text = ""
        while index < scalars.count {
            if scalars[index] == quote {
                if index + 1 < scalars.count, scalars[index + 1] == quote {
                    text.unicodeScalars.append(quote)
                    index += 2
                    continue
                }
                index += 1
                return text
            }
            text.unicodeScalars.append(scalars[index])
            index += 1
        }
        throw ExpressionSyntaxError(message: "unterminated string", offset: start)
    }

    private mutating func readNumber() throws(ExpressionSyntaxError) -> Value {
        let start = index
        var text = ""
        if scalars[index] == "-" {
            text = "-"
            index += 1
        }
        while index < scalars.count,
            isDigit(scalars[index]) || scalars[index] == "." || scalars[index] == "e"
                || scalars[index] == "E"
        {
            text.unicodeScalars.append(scalars[index])
            index += 1
        }
        if let int = Int(text) { return .int(int) }
        if let double = Double(text) { return .number(double) }
        throw ExpressionSyntaxError(message: "invalid number '\(text)'", offset: start)
    }
}

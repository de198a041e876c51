import RisaCore
import RisaModel
import Testing

@Suite struct ExpressionParserTests {
    @Test func parsesReferencesAsDottedPaths() throws {
        let expression = try ExpressionParser.parse("steps.frames.outputs.images")
        #expect(expression.dottedPath == ["steps", "frames", "outputs", "images"])
        #expect(expression.stepReferences.map(\.step) == ["frames"])
    }

    @Test func respectsPrecedence() throws {
        let expression = try ExpressionParser.parse("a || b && c == 1")
        guard case .binary(.or, _, .binary(.and, _, .binary(.equal, _, _, _), _), _) = expression else {
            Issue.record("unexpected tree \(expression)")
            return
        }
    }

    @Test func parsesLiteralsAndCalls() throws {
        let expression = try ExpressionParser.parse("format('{0}-it''s', 12, -1.5, true, null)")
        guard case .call("format", let arguments, _) = expression else {
            Issue.record("expected a call")
            return
        }
        #expect(arguments.count == 5)
        #expect(arguments[0] == .literal(.string("{0}-it's"), offset: 7))
        #expect(arguments[2] == .literal(.number(-1.5), offset: 24))
    }

    @Test func reportsErrorsWithOffsets() {
        #expect(throws: ExpressionSyntaxError(message: "unexpected '='; use '==' to compare", offset: 9)) {
            try ExpressionParser.parse("params.a = 1")
        }
        #expect(throws: ExpressionSyntaxError(message: "unterminated string", offset: 7)) {
            try ExpressionParser.parse("params['x")
        }
        #expect(throws: ExpressionSyntaxError(message: "expected a value, found end of expression", offset: 11)) {
            try ExpressionParser.parse("params.a &&")
        }
        #expect(throws: ExpressionSyntaxError.self) { try ExpressionParser.parse("") }
    }

    @Test func templatesSplitTextAndExpressions() throws {
        let template = try Template.parse("frames-${{ params.size }}px/${{ run.id }}")
        #expect(template.parts.count == 4)
        #expect(template.soleExpression == nil)
        let sole = try Template.parse("  ${{ params.size }} ")
        #expect(sole.soleExpression?.dottedPath == ["params", "size"])
        // Any white space around it, ASCII or not, leaves it the sole expression; anything else does not.
        #expect(try Template.parse("\t\n${{ params.size }}\u{0B}\u{0C}\r").soleExpression != nil)
        #expect(try Template.parse("\u{00A0}${{ params.size }}\u{2003}").soleExpression != nil)
        #expect(try Template.parse("x ${{ params.size }}").soleExpression == nil)
        #expect(try Template.parse("${{ params.size }}\u{00E9}").soleExpression == nil)
        #expect(try Template.parse("${{ params.a }} ${{ params.b }}").soleExpression == nil)
    }

    @Test func templateErrorsPointInsideTheText() {
        #expect(throws: Template.SyntaxError(message: "'${{' is not closed with '}}'", offset: 2)) {
            try Template.parse("a ${{ params.x")
        }
        #expect(throws: Template.SyntaxError(message: "unexpected character '#'", offset: 13)) {
            try Template.parse("x ${{ params.#a }}")
        }
    }

    @Test func closingBracesInsideStringsDoNotEndTheExpression() throws {
        let template = try Template.parse("${{ format('}}{0}', 1) }}")
        #expect(template.soleExpression != nil)
    }

    @Test func identifiersAreLettersDigitsUnderscoresAndHyphensStartingWithALetter() {
        for valid in ["a", "_x", "resize-2", "Step_1", "émile", "日本"] { #expect(Identifier.isValid(valid), "\(valid)") }
        for invalid in ["", "1a", "-a", "a.b", "a b", "a/b", "a$", "é.x"] {
            #expect(!Identifier.isValid(invalid), "\(invalid)")
        }
    }
}

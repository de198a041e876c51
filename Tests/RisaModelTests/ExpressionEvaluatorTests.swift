import RisaCore
import RisaModel
import Testing

/// A context with fixed values.
struct FixedContext: EvaluationContext {
    var params: [String: Value] = [:]
    var outputs: [String: Value] = [:]
    var secrets: [String: String] = [:]
    var item: Value?

    func param(_ name: String) throws(EvaluationError) -> Value? { params[name] }
    func stepOutput(step: String, output: String) throws(EvaluationError) -> Value {
        guard let value = outputs["\(step).\(output)"] else { throw .unavailable("not run") }
        return value
    }
    func secret(_ name: String) -> String? { secrets[name] }
    func environment(_ name: String) -> String? { name == "HOME" ? "/home/risa" : nil }
    func runField(_ name: String) -> String? { name == "id" ? "run-1" : nil }
}

@Suite struct ExpressionEvaluatorTests {
    private func evaluate(_ text: String, _ context: FixedContext = FixedContext()) throws -> Value {
        var evaluator = ExpressionEvaluator(context: context)
        return try evaluator.render(try Template.parse(text))
    }

    @Test func soleExpressionsKeepTheirType() throws {
        let context = FixedContext(params: ["size": .int(512), "sizes": .list([.int(1), .int(2)])])
        #expect(try evaluate("${{ params.size }}", context) == .int(512))
        #expect(try evaluate("${{ params.sizes }}", context) == .list([.int(1), .int(2)]))
        #expect(try evaluate("${{ params.sizes[1] }}", context) == .int(2))
    }

    @Test func mixedTemplatesAreText() throws {
        let context = FixedContext(params: ["size": .int(512), "ratio": .number(1.5)])
        #expect(
            try evaluate("w${{ params.size }}-r${{ params.ratio }}-${{ run.id }}", context)
                == .string("w512-r1.5-run-1"))
    }

    @Test func operatorsCompareNumbersAcrossIntAndNumber() throws {
        let context = FixedContext(params: ["a": .int(2), "b": .number(2.0), "name": .string("x")])
        #expect(try evaluate("${{ params.a == params.b }}", context) == .bool(true))
        #expect(try evaluate("${{ params.a < 3 && params.name != 'y' }}", context) == .bool(true))
        #expect(try evaluate("${{ !(params.a >= 3) || false }}", context) == .bool(true))
        #expect(try evaluate("${{ 'abc' < 'abd' }}", context) == .bool(true))
    }

    @Test func functionsWork() throws {
        let context = FixedContext(params: ["tags": .list([.string("a"), .string("b")]), "empty": .string("")])
        #expect(try evaluate("${{ format('{0}x{1} {{ok}}', 512, 768) }}") == .string("512x768 {ok}"))
        #expect(try evaluate("${{ join(params.tags, ', ') }}", context) == .string("a, b"))
        #expect(try evaluate("${{ join(params.tags) }}", context) == .string("a,b"))
        #expect(try evaluate("${{ default(params.empty, 'fallback') }}", context) == .string("fallback"))
        #expect(try evaluate("${{ default(params.missing, 3) }}", context) == .int(3))
        #expect(try evaluate("${{ basename('data/videos/clip.mp4') }}") == .string("clip.mp4"))
    }

    @Test func stepOutputsAreUnavailableUntilKnown() throws {
        do {
            _ = try evaluate("${{ steps.a.outputs.b }}")
            Issue.record("expected unavailable")
        } catch let error as EvaluationError {
            #expect(error.isUnavailable)
        }
        let context = FixedContext(outputs: ["a.b": .string("out/a/b")])
        #expect(try evaluate("${{ steps.a.outputs.b }}/x", context) == .string("out/a/b/x"))
    }

    @Test func secretsAreRecorded() throws {
        var evaluator = ExpressionEvaluator(context: FixedContext(secrets: ["TOKEN": "hunter2"]))
        let value = try evaluator.render(try Template.parse("Bearer ${{ secrets.TOKEN }}"))
        #expect(value == .string("Bearer hunter2"))
        #expect(evaluator.secretsUsed == ["TOKEN"])
    }

    @Test func missingSecretsAreErrorsThatDoNotLeakOtherValues() {
        #expect(throws: EvaluationError.self) { try evaluate("${{ secrets.NOPE }}") }
    }

    @Test func itemIsBoundInsideForeach() throws {
        #expect(
            try evaluate("${{ item.name }}", FixedContext(item: .map(["name": .string("clip")]))) == .string("clip"))
    }
}

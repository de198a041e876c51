import RisaCore
import RisaModel
import RisaSteps
import Testing

@Suite struct SchemaTests {
    private let schema = PipelineSchema.schema(catalog: BuiltinSteps.catalog)

    @Test func isDraft2020WithStepRulesForEveryType() throws {
        #expect(schema["$schema"] == .string("https://json-schema.org/draft/2020-12/schema"))
        let definitions = try #require(schema["$defs"]?.mapValue)
        for name in BuiltinSteps.catalog.names {
            let with = try #require(definitions["with.\(name)"])
            #expect(with["additionalProperties"] == .bool(false))
        }
        let shell = try #require(definitions["with.shell"])
        #expect(shell["required"] == .list([.string("run")]))
    }

    @Test func typedArgumentsAcceptExpressions() {
        let int = PipelineSchema.typeSchema(.int)
        #expect(int["anyOf"]?.listValue?.contains(Value.map(["$ref": Value.string("#/$defs/expression")])) == true)
        #expect(PipelineSchema.typeSchema(.path) == .map(["type": .string("string")]))
    }

    @Test func generationIsStable() {
        #expect(
            PipelineSchema.generate(catalog: BuiltinSteps.catalog)
                == PipelineSchema.generate(catalog: BuiltinSteps.catalog))
    }
}

import RisaCore

/// Makes the JSON Schema (draft 2020-12) of pipeline files from the step registry, so editors can
/// validate and complete pipelines (`# yaml-language-server: $schema=...`).
///
/// Every typed value also accepts a `${{ }}` expression; each step type's `with:` is checked by an
/// `if uses == TYPE then with: {...}` rule.
public enum PipelineSchema {
    /// The schema's `$id`.
    public static let id = "https://risa.dev/schemas/pipeline.schema.json"

    /// The schema as pretty JSON text (stable: same registry, same bytes).
    public static func generate(catalog: StepCatalog) -> String {
        CanonicalJSON.pretty(schema(catalog: catalog))
    }

    /// The schema as a value.
    public static func schema(catalog: StepCatalog) -> Value {
        var definitions: [String: Value] = [
            "expression": .map([
                "type": .string("string"), "pattern": .string(#"\$\{\{.*\}\}"#),
                "description": .string(
                    "A ${{ }} expression: params.NAME, steps.ID.outputs.NAME, secrets.NAME, env.NAME, run.id, item."),
            ]),
            "duration": .map([
                "anyOf": .list([
                    .map(["type": .string("string"), "pattern": .string(#"^\s*([0-9]+(\.[0-9]+)?(ms|s|m|h|d))+\s*$"#)]),
                    .map(["type": .string("number"), "minimum": .int(0)]),
                    ref("expression"),
                ]),
                "description": .string("A duration such as 500ms, 30s, 10m or 1h30m, or seconds as a number."),
            ]),
            "param": param(),
            "step": step(catalog: catalog),
        ]
        for name in catalog.names {
            definitions["with.\(name)"] = with(catalog[name]!)
        }
        return .map([
            "$schema": .string("https://json-schema.org/draft/2020-12/schema"),
            "$id": .string(id),
            "title": .string("Risa pipeline"),
            "description": .string("A Risa pipeline or recipe: params, steps (a DAG of typed steps) and outputs."),
            "type": .string("object"),
            "additionalProperties": .bool(false),
            "properties": .map([
                "name": .map(["type": .string("string"), "description": .string("The pipeline's name.")]),
                "description": .map(["type": .string("string")]),
                "include": .map([
                    "description": .string("Recipe files whose params and steps are merged in."),
                    "anyOf": .list([
                        .map(["type": .string("string")]),
                        .map(["type": .string("array"), "items": .map(["type": .string("string")])]),
                    ]),
                ]),
                "params": .map([
                    "type": .string("object"), "propertyNames": identifier(),
                    "additionalProperties": ref("param"),
                ]),
                "steps": .map([
                    "type": .string("object"), "propertyNames": identifier(), "minProperties": .int(1),
                    "additionalProperties": ref("step"),
                ]),
                "outputs": .map(["type": .string("object"), "description": .string("Named outputs (for recipes).")]),
            ]),
            "$defs": .map(definitions),
        ])
    }

    private static func ref(_ name: String) -> Value { .map(["$ref": .string("#/$defs/\(name)")]) }

    private static func identifier() -> Value { .map(["pattern": .string("^[A-Za-z_][A-Za-z0-9_-]*$")]) }

    private static func param() -> Value {
        let typeNames = ValueType.namedTypes.keys.sorted() + ["enum", "list", "map"]
        return .map([
            "anyOf": .list([
                .map([
                    "type": .string("object"), "additionalProperties": .bool(false),
                    "required": .list([.string("type")]),
                    "properties": .map([
                        "type": .map([
                            "anyOf": .list([
                                .map(["enum": .list(typeNames.map(Value.string))]),
                                .map(["type": .string("string"), "pattern": .string("^(list|map)<.+>$")]),
                            ])
                        ]),
                        "of": .map([
                            "type": .string("string"), "description": .string("Element type of a list or map param."),
                        ]),
                        "values": .map([
                            "type": .string("array"), "items": .map(["type": .string("string")]), "minItems": .int(1),
                        ]),
                        "default": .map([:]),
                        "required": .map(["type": .string("boolean")]),
                        "description": .map(["type": .string("string")]),
                    ]),
                ]),
                .map([
                    "type": .list([.string("string"), .string("number"), .string("boolean")]),
                    "description": .string("A default value; the param's type is the value's."),
                ]),
            ])
        ])
    }

    private static func step(catalog: StepCatalog) -> Value {
        let rules: [Value] = catalog.names.map { name in
            .map([
                "if": .map([
                    "properties": .map(["uses": .map(["const": .string(name)])]), "required": .list([.string("uses")]),
                ]),
                "then": .map(["properties": .map(["with": ref("with.\(name)")])]),
            ])
        }
        return .map([
            "type": .string("object"), "required": .list([.string("uses")]), "additionalProperties": .bool(false),
            "properties": .map([
                "uses": .map([
                    "description": .string("A built-in step type, or a recipe file (./recipes/x.yaml)."),
                    "anyOf": .list([
                        .map(["enum": .list(catalog.names.map(Value.string))]),
                        .map(["type": .string("string"), "pattern": .string(#"(^\.{1,2}/|^/|\.ya?ml$)"#)]),
                    ]),
                ]),
                "with": .map(["type": .string("object")]),
                "needs": .map([
                    "anyOf": .list([
                        .map(["type": .string("string")]),
                        .map(["type": .string("array"), "items": .map(["type": .string("string")])]),
                    ])
                ]),
                "if": .map(["anyOf": .list([ref("expression"), .map(["type": .string("boolean")])])]),
                "foreach": .map(["anyOf": .list([ref("expression"), .map(["type": .string("array")])])]),
                "retry": .map([
                    "anyOf": .list([
                        .map(["type": .string("integer"), "minimum": .int(1)]),
                        .map([
                            "type": .string("object"), "additionalProperties": .bool(false),
                            "properties": .map([
                                "attempts": .map(["type": .string("integer"), "minimum": .int(1), "maximum": .int(100)]
                                ),
                                "backoff": ref("duration"),
                            ]),
                        ]),
                    ])
                ]),
                "timeout": ref("duration"),
                "cache": .map(["type": .string("boolean")]),
                "resources": .map([
                    "type": .string("object"), "additionalProperties": .bool(false),
                    "properties": .map([
                        "cpu": .map(["type": .string("integer"), "minimum": .int(0)]),
                        "gpu": .map(["type": .string("integer"), "minimum": .int(0)]),
                        "memory": .map([
                            "type": .list([.string("string"), .string("integer")]),
                            "description": .string("e.g. 512M, 8G"),
                        ]),
                    ]),
                ]),
                "on_error": .map(["enum": .list(ErrorPolicy.allCases.map { .string($0.rawValue) })]),
                "description": .map(["type": .string("string")]),
            ]),
            "allOf": .list(rules),
        ])
    }

    private static func with(_ spec: StepTypeSpec) -> Value {
        var properties: [String: Value] = [:]
        for argument in spec.arguments {
            var schema = typeSchema(argument.type)
            if case .map(var entries) = schema {
                entries["description"] = .string(argument.summary)
                if let value = argument.defaultValue { entries["default"] = value }
                schema = .map(entries)
            }
            properties[argument.name] = schema
        }
        let required = spec.arguments.filter { $0.required && $0.defaultValue == nil }.map { Value.string($0.name) }
        var result: [String: Value] = [
            "type": .string("object"), "additionalProperties": .bool(false), "properties": .map(properties),
            "description": .string(spec.summary),
        ]
        if !required.isEmpty { result["required"] = .list(required) }
        return .map(result)
    }

    /// The schema of one value type (expressions accepted wherever the type is not already a string).
    public static func typeSchema(_ type: ValueType) -> Value {
        func orExpression(_ schema: Value) -> Value { .map(["anyOf": .list([schema, ref("expression")])]) }
        switch type {
        case .string, .path, .file, .files, .images, .videos, .tags, .dataset, .archive, .model:
            return .map(["type": .string("string")])
        case .int: return orExpression(.map(["type": .string("integer")]))
        case .number: return orExpression(.map(["type": .string("number")]))
        case .bool: return orExpression(.map(["type": .string("boolean")]))
        case .duration: return ref("duration")
        case .json: return .map([:])
        case .enumeration(let values): return orExpression(.map(["enum": .list(values.map(Value.string))]))
        case .list(let element):
            return .map([
                "anyOf": .list([
                    .map(["type": .string("array"), "items": typeSchema(element)]), typeSchema(element),
                    ref("expression"),
                ])
            ])
        case .map(let element):
            return orExpression(.map(["type": .string("object"), "additionalProperties": typeSchema(element)]))
        }
    }
}

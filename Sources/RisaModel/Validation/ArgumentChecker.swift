/// Checks one written value (literal YAML, possibly holding `${{ }}` templates) against a type, and
/// every expression inside it against a scope.
struct ArgumentChecker {
    let scope: ExpressionScope

    func check(_ node: SourceNode, as type: ValueType, path: String, into diagnostics: inout [Diagnostic]) {
        switch node.kind {
        case .scalar(let scalar) where scalar.hasTemplateMarker:
            guard let template = parseTemplate(scalar, node, path, &diagnostics) else { return }
            let produced = templateType(template, scalar, node, path, &diagnostics)
            if let produced, !type.accepts(produced) {
                let source =
                    template.soleExpression != nil
                    ? "the expression gives \(produced)" : "a text with expressions is a string"
                diagnostics.append(Diagnostic(at: node.location, path: path, "expected \(type), but \(source)"))
            }
        case .scalar:
            _ = LiteralConverter.convert(node, to: type, path: path, diagnostics: &diagnostics)
        case .sequence(let elements):
            switch type {
            case .list(let element):
                for (index, child) in elements.enumerated() {
                    check(child, as: element, path: "\(path)[\(index)]", into: &diagnostics)
                }
            case .json:
                for (index, child) in elements.enumerated() {
                    check(child, as: .json, path: "\(path)[\(index)]", into: &diagnostics)
                }
            default:
                diagnostics.append(Diagnostic(at: node.location, path: path, "expected \(type), got a list"))
            }
        case .mapping(let entries):
            switch type {
            case .map(let element):
                for entry in entries {
                    check(entry.value, as: element, path: "\(path).\(entry.key)", into: &diagnostics)
                }
            case .json:
                for entry in entries { check(entry.value, as: .json, path: "\(path).\(entry.key)", into: &diagnostics) }
            default:
                diagnostics.append(Diagnostic(at: node.location, path: path, "expected \(type), got a mapping"))
            }
        }
    }

    /// The template in a scalar, or nil with a diagnostic when it does not parse.
    func parseTemplate(
        _ scalar: SourceNode.Scalar, _ node: SourceNode, _ path: String, _ diagnostics: inout [Diagnostic]
    ) -> Template? {
        do {
            return try scalar.template.get()
        } catch {
            diagnostics.append(
                Diagnostic(
                    at: Self.location(of: error.offset, in: node), path: path,
                    "invalid expression: \(error.message)"))
            return nil
        }
    }

    /// The type a template produces, checking every expression in it; nil when an expression failed.
    func templateType(
        _ template: Template, _ scalar: SourceNode.Scalar, _ node: SourceNode, _ path: String,
        _ diagnostics: inout [Diagnostic]
    ) -> ValueType? {
        var failed = false
        var soleType: ValueType?
        for (expression, offset) in template.expressions {
            let (type, problems) = ExpressionTypeChecker.check(expression, in: scope)
            for problem in problems {
                diagnostics.append(
                    Diagnostic(at: Self.location(of: offset + problem.offset, in: node), path: path, problem.message))
            }
            failed = failed || !problems.isEmpty
            soleType = type
        }
        if failed { return nil }
        return template.soleExpression != nil ? soleType : .string
    }

    /// The position of the scalar character at `offset` (exact for one-line plain and quoted scalars;
    /// for block scalars, the line is exact and the column counts from the block's indentation).
    static func location(of offset: Int, in node: SourceNode) -> SourceLocation {
        guard let scalar = node.scalar else { return node.location }
        let before = scalar.text.unicodeScalars.prefix(offset)
        let newlines = before.filter { $0 == "\n" }.count
        switch scalar.style {
        case .plain where newlines == 0:
            return node.location.advanced(by: offset)
        case .singleQuoted where newlines == 0, .doubleQuoted where newlines == 0:
            return node.location.advanced(by: offset + 1)
        default:
            let lineStart = before.lastIndex(of: "\n").map { before.distance(from: before.startIndex, to: $0) + 1 } ?? 0
            let blockLine = scalar.style == .literal || scalar.style == .folded ? 1 : 0
            return SourceLocation(
                file: node.location.file, line: node.location.line + newlines + blockLine,
                column: node.location.column + (offset - lineStart))
        }
    }
}

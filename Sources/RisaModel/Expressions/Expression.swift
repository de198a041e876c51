import RisaCore

/// A parsed `${{ ... }}` expression.
///
/// `offset` fields count Unicode scalars from the start of the expression text, so diagnostics can
/// point at the exact column inside a YAML scalar.
public indirect enum Expression: Hashable, Sendable {
    /// A literal: string, number, bool or null.
    case literal(Value, offset: Int)
    /// A bare name: `params`, `steps`, `secrets`, `env`, `run`, `item`.
    case identifier(String, offset: Int)
    /// `base.name`.
    case member(Expression, String, offset: Int)
    /// `base[index]`.
    case index(Expression, Expression, offset: Int)
    /// `!operand`.
    case not(Expression, offset: Int)
    /// `lhs op rhs`.
    case binary(BinaryOperator, Expression, Expression, offset: Int)
    /// `name(arguments...)`.
    case call(String, [Expression], offset: Int)

    /// The binary operators, by increasing precedence groups: `||`, `&&`, equality, comparison.
    public enum BinaryOperator: String, Hashable, Sendable {
        case or = "||"
        case and = "&&"
        case equal = "=="
        case notEqual = "!="
        case less = "<"
        case lessOrEqual = "<="
        case greater = ">"
        case greaterOrEqual = ">="
    }

    /// Where this expression starts inside the expression text.
    public var offset: Int {
        switch self {
        case .literal(_, let offset), .identifier(_, let offset), .member(_, _, let offset),
            .index(_, _, let offset), .not(_, let offset), .binary(_, _, _, let offset), .call(_, _, let offset):
            return offset
        }
    }

    /// The dotted path of a chain of plain member accesses (`steps.a.outputs.b`), or nil.
    public var dottedPath: [String]? {
        var names: [String] = []
        var current = self
        while true {
            switch current {
            case .identifier(let name, _):
                names.append(name)
                return names.reversed()
            case .member(let base, let name, _):
                names.append(name)
                current = base
            default:
                return nil
            }
        }
    }

    /// Every sub-expression, this one first (pre-order).
    public func walk(_ visit: (Expression) -> Void) {
        visit(self)
        switch self {
        case .literal, .identifier: break
        case .member(let base, _, _): base.walk(visit)
        case .index(let base, let index, _):
            base.walk(visit)
            index.walk(visit)
        case .not(let operand, _): operand.walk(visit)
        case .binary(_, let lhs, let rhs, _):
            lhs.walk(visit)
            rhs.walk(visit)
        case .call(_, let arguments, _):
            for argument in arguments { argument.walk(visit) }
        }
    }

    /// The `steps.ID.outputs.NAME` references this expression makes, with their offsets.
    public var stepReferences: [(step: String, output: String, offset: Int)] {
        var references: [(String, String, Int)] = []
        walk { node in
            if case .member(
                .member(.member(.identifier("steps", _), let step, _), "outputs", _), let output, let offset) = node
            {
                references.append((step, output, offset))
            }
        }
        return references
    }
}

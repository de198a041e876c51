import RisaCore

/// The meaning of a YAML scalar under the YAML 1.2 core schema.
///
/// Risa uses the 1.2 rules, not 1.1: `yes`, `no`, `on` and `off` are strings, not booleans, which
/// avoids the classic "Norway problem" in tag and caption lists.
public enum ResolvedScalar: Hashable, Sendable {
    case null
    case bool(Bool)
    case int(Int)
    case number(Double)
    case string(String)

    /// Resolves the text of a plain (unquoted) scalar.
    public static func resolve(plain text: String) -> ResolvedScalar {
        // Every keyword is at most 5 bytes long; longer text (most of a pipeline) skips the comparisons.
        if text.utf8.count <= 5 {
            switch text {
            case "", "~", "null", "Null", "NULL": return .null
            case "true", "True", "TRUE": return .bool(true)
            case "false", "False", "FALSE": return .bool(false)
            case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF": return .number(.infinity)
            case "-.inf", "-.Inf", "-.INF": return .number(-.infinity)
            case ".nan", ".NaN", ".NAN": return .number(.nan)
            default: break
            }
        }
        guard let first = text.utf8.first,
            first == UInt8(ascii: "-") || first == UInt8(ascii: "+")
                || first == UInt8(ascii: ".") || (first >= 48 && first <= 57)
        else { return .string(text) }
        if text.hasPrefix("0x"), let value = Int(text.dropFirst(2), radix: 16) { return .int(value) }
        if text.hasPrefix("0o"), let value = Int(text.dropFirst(2), radix: 8) { return .int(value) }
        if isDecimalInteger(text), let value = Int(text) { return .int(value) }
        if isDecimalNumber(text), let value = Double(text) { return .number(value) }
        return .string(text)
    }

    /// The value as a `Value`.
    public var value: Value {
        switch self {
        case .null: return .null
        case .bool(let flag): return .bool(flag)
        case .int(let number): return .int(number)
        case .number(let number): return .number(number)
        case .string(let text): return .string(text)
        }
    }

    /// `string "big"`, `int 3`, `number 2.5`, `bool true`, `null`.
    public var summary: String {
        switch self {
        case .null: return "null"
        case .bool(let flag): return "bool \(flag)"
        case .int(let number): return "int \(number)"
        case .number(let number): return "number \(number)"
        case .string(let text):
            let shown = text.count > 40 ? String(text.prefix(37)) + "..." : text
            return "string \"\(shown)\""
        }
    }

    private static func isDecimalInteger(_ text: String) -> Bool {
        var digits = Substring(text)
        if digits.first == "-" || digits.first == "+" { digits = digits.dropFirst() }
        return !digits.isEmpty && digits.utf8.allSatisfy { $0 >= 48 && $0 <= 57 }
    }

    /// `[-+]? ( \. [0-9]+ | [0-9]+ ( \. [0-9]* )? ) ( [eE] [-+]? [0-9]+ )?`, the core schema's float.
    private static func isDecimalNumber(_ text: String) -> Bool {
        var bytes = Array(text.utf8)[...]
        if let sign = bytes.first, sign == UInt8(ascii: "-") || sign == UInt8(ascii: "+") { bytes = bytes.dropFirst() }
        func digitRun() -> Int {
            var count = 0
            while let byte = bytes.first, byte >= 48 && byte <= 57 {
                bytes = bytes.dropFirst()
                count += 1
            }
            return count
        }
        let whole = digitRun()
        var fraction = 0
        if bytes.first == UInt8(ascii: ".") {
            bytes = bytes.dropFirst()
            fraction = digitRun()
        }
        guard whole + fraction > 0 else { return false }
        if let marker = bytes.first, marker == UInt8(ascii: "e") || marker == UInt8(ascii: "E") {
            bytes = bytes.dropFirst()
            if let sign = bytes.first, sign == UInt8(ascii: "-") || sign == UInt8(ascii: "+") {
                bytes = bytes.dropFirst()
            }
            guard digitRun() > 0 else { return false }
        }
        return bytes.isEmpty
    }
}

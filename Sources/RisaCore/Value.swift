import Foundation

/// A JSON-shaped value: pipeline arguments after resolution, item metadata, run-record payloads.
///
/// Integers and other numbers stay apart (`2` is an int, `2.0` a number) so that typed arguments keep
/// their type through hashing and storage. Maps have no order of their own; every encoding sorts keys.
/// Not `indirect`: lists and maps already hold their elements on the heap, and a boxed case would
/// cost an allocation per scalar (item metadata of 100,000 images holds millions of them).
public enum Value: Hashable, Sendable {
    case null
    case bool(Bool)
    case int(Int)
    case number(Double)
    case string(String)
    case list([Value])
    case map([String: Value])

    /// The string, when this is one.
    public var stringValue: String? {
        if case .string(let text) = self { return text }
        return nil
    }

    /// The int, when this is one.
    public var intValue: Int? {
        if case .int(let number) = self { return number }
        return nil
    }

    /// The number, when this is an int or a number.
    public var doubleValue: Double? {
        switch self {
        case .int(let number): return Double(number)
        case .number(let number): return number
        default: return nil
        }
    }

    /// The bool, when this is one.
    public var boolValue: Bool? {
        if case .bool(let flag) = self { return flag }
        return nil
    }

    /// The elements, when this is a list.
    public var listValue: [Value]? {
        if case .list(let items) = self { return items }
        return nil
    }

    /// The entries, when this is a map.
    public var mapValue: [String: Value]? {
        if case .map(let entries) = self { return entries }
        return nil
    }

    /// The entry for `key`, when this is a map that has it.
    public subscript(key: String) -> Value? {
        mapValue?[key]
    }

    /// Truthiness as expressions use it: null, false, 0, "" and empty collections are false.
    public var isTruthy: Bool {
        switch self {
        case .null: return false
        case .bool(let flag): return flag
        case .int(let number): return number != 0
        case .number(let number): return number != 0 && !number.isNaN
        case .string(let text): return !text.isEmpty
        case .list(let items): return !items.isEmpty
        case .map(let entries): return !entries.isEmpty
        }
    }
}

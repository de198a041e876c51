import RisaCore

/// A TOML value, as Risa writes it (no dates: kohya configs have none).
public indirect enum TOMLValue: Hashable, Sendable {
    case string(String)
    case integer(Int)
    case float(Double)
    case boolean(Bool)
    case array([TOMLValue])
    case table(TOMLTable)

    /// The same content as a `Value` (tables become maps, floats numbers), for comparing and tests.
    public var value: Value {
        switch self {
        case .string(let text): return .string(text)
        case .integer(let number): return .int(number)
        case .float(let number): return .number(number)
        case .boolean(let flag): return .bool(flag)
        case .array(let items): return .list(items.map(\.value))
        case .table(let table): return table.value
        }
    }
}

/// A TOML table whose keys keep the order they were set in (so output is deterministic and reads
/// in a sensible order).
public struct TOMLTable: Hashable, Sendable {
    /// One key and its value.
    public struct Entry: Hashable, Sendable {
        /// The key.
        public let key: String
        /// The value.
        public var value: TOMLValue
    }

    /// The entries in order.
    public private(set) var entries: [Entry] = []

    /// An empty table.
    public init() {}

    /// The value of `key`; setting nil removes the key, setting an existing key keeps its place.
    public subscript(key: String) -> TOMLValue? {
        get { entries.first { $0.key == key }?.value }
        set {
            let index = entries.firstIndex { $0.key == key }
            switch (index, newValue) {
            case (let index?, let value?): entries[index].value = value
            case (let index?, nil): entries.remove(at: index)
            case (nil, let value?): entries.append(Entry(key: key, value: value))
            case (nil, nil): break
            }
        }
    }

    /// The keys in order.
    public var keys: [String] { entries.map(\.key) }

    /// The table as a `Value` map.
    public var value: Value {
        .map(Dictionary(entries.map { ($0.key, $0.value.value) }, uniquingKeysWith: { _, last in last }))
    }
}

/// Writes TOML 1.0: `key = value` lines first, then sub-tables as `[a.b]` and arrays of tables as
/// `[[a.b]]`; basic strings escaped per the spec; floats always with a fraction or exponent.
public enum TOMLWriter {
    /// The TOML text of `table` (ends with a newline).
    public static func string(_ table: TOMLTable) -> String {
        var output = ""
        write(table, path: [], to: &output)
        if output.hasPrefix("\n") { output.removeFirst() }
        return output
    }

    private static func write(_ table: TOMLTable, path: [String], to output: inout String) {
        var deferred: [TOMLTable.Entry] = []
        for entry in table.entries {
            if case .table = entry.value {
                deferred.append(entry)
            } else if isArrayOfTables(entry.value) {
                deferred.append(entry)
            } else {
                output += key(entry.key) + " = " + inline(entry.value) + "\n"
            }
        }
        for entry in deferred {
            let childPath = path + [entry.key]
            let header = childPath.map(key).joined(separator: ".")
            switch entry.value {
            case .table(let child):
                output += "\n[" + header + "]\n"
                write(child, path: childPath, to: &output)
            case .array(let items):
                for case .table(let child) in items {
                    output += "\n[[" + header + "]]\n"
                    write(child, path: childPath, to: &output)
                }
            default:
                break
            }
        }
    }

    private static func isArrayOfTables(_ value: TOMLValue) -> Bool {
        guard case .array(let items) = value, !items.isEmpty else { return false }
        return items.allSatisfy { if case .table = $0 { return true } else { return false } }
    }

    /// A key, bare when it is only ASCII letters, digits, `_` and `-`, else quoted.
    static func key(_ text: String) -> String {
        let isBare =
            !text.isEmpty
            && text.utf8.allSatisfy { byte in
                (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                    || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-")
            }
        return isBare ? text : quoted(text)
    }

    /// A value written inline.
    static func inline(_ value: TOMLValue) -> String {
        switch value {
        case .string(let text): return quoted(text)
        case .integer(let number): return String(number)
        case .float(let number): return float(number)
        case .boolean(let flag): return flag ? "true" : "false"
        case .array(let items): return "[" + items.map(inline).joined(separator: ", ") + "]"
        case .table(let table):
            guard !table.entries.isEmpty else { return "{}" }
            return "{ " + table.entries.map { key($0.key) + " = " + inline($0.value) }.joined(separator: ", ") + " }"
        }
    }

    static func float(_ number: Double) -> String {
        if number.isNaN { return "nan" }
        if number.isInfinite { return number < 0 ? "-inf" : "inf" }
        let text = "\(number)"
        return text.contains(where: { $0 == "." || $0 == "e" || $0 == "E" }) ? text : text + ".0"
    }

    /// A TOML basic string: `"` and `\` escaped, control characters (all but tab) and DEL as escapes.
    static func quoted(_ text: String) -> String {
        var output = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\u{08}": output += "\\b"
            case "\u{0C}": output += "\\f"
            case "\t": output += "\t"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    let hex = String(scalar.value, radix: 16, uppercase: true)
                    output += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    output.unicodeScalars.append(scalar)
                }
            }
        }
        return output + "\""
    }
}

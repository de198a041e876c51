import Foundation

/// Reads durations written as `500ms`, `2s`, `10m`, `1h30m`, `1.5h` or `2d` (or a bare number of
/// seconds) into seconds.
public enum DurationParser {
    private static let units: [(suffix: String, seconds: Double)] = [
        ("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600), ("d", 86400),
    ]

    /// The number of seconds `text` stands for, or nil when it is not a duration.
    public static func seconds(_ text: String) -> Double? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if let plain = Double(trimmed), plain >= 0, plain.isFinite { return plain }
        var total = 0.0
        var rest = Substring(trimmed)
        guard !rest.isEmpty else { return nil }
        while !rest.isEmpty {
            let numberText = rest.prefix { $0.isNumber || $0 == "." }
            guard !numberText.isEmpty, let number = Double(numberText) else { return nil }
            rest = rest.dropFirst(numberText.count)
            let unitText = rest.prefix { $0.isLetter }
            guard let unit = units.first(where: { $0.suffix == unitText }) else { return nil }
            rest = rest.dropFirst(unitText.count)
            total += number * unit.seconds
        }
        return total
    }

    /// A compact text for `seconds`: `1h30m`, `2s`, `250ms`.
    public static func format(_ seconds: Double) -> String {
        if seconds < 1, seconds > 0 { return "\(Int((seconds * 1000).rounded()))ms" }
        var remaining = Int(seconds.rounded())
        if remaining == 0 { return "0s" }
        var text = ""
        for (suffix, size) in [("d", 86400), ("h", 3600), ("m", 60), ("s", 1)] where remaining >= size {
            text += "\(remaining / size)\(suffix)"
            remaining %= size
        }
        return text
    }
}

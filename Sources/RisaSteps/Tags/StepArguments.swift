import Foundation
import RisaCore

/// Typed reading of a step's resolved arguments, with errors that name `steps.ID.with.NAME` and
/// what was expected, for the tag and dataset steps.
struct StepArguments {
    let stepId: String
    let values: [String: Value]

    init(_ invocation: StepInvocation) {
        stepId = invocation.stepId
        values = invocation.arguments
    }

    /// The failure of argument `name`.
    func fail(_ name: String, _ message: String) -> StepFailure {
        StepFailure("steps.\(stepId).with.\(name): \(message)", retryable: false)
    }

    /// Whether `name` was given (or has a default) and is not null.
    func has(_ name: String) -> Bool {
        guard let value = values[name] else { return false }
        return value != .null
    }

    func string(_ name: String) throws -> String? {
        guard let value = values[name], value != .null else { return nil }
        guard let text = value.stringValue else { throw fail(name, "expected a string") }
        return text
    }

    func string(_ name: String, default fallback: String) throws -> String {
        try string(name) ?? fallback
    }

    func int(_ name: String, in range: ClosedRange<Int>? = nil) throws -> Int? {
        guard let value = values[name], value != .null else { return nil }
        guard let number = value.intValue else { throw fail(name, "expected a whole number") }
        if let range, !range.contains(number) {
            throw fail(name, "expected \(range.lowerBound) to \(range.upperBound), got \(number)")
        }
        return number
    }

    func double(_ name: String, in range: ClosedRange<Double>? = nil) throws -> Double? {
        guard let value = values[name], value != .null else { return nil }
        guard let number = value.doubleValue, number.isFinite else { throw fail(name, "expected a number") }
        if let range, !range.contains(number) {
            throw fail(name, "expected \(range.lowerBound) to \(range.upperBound), got \(number)")
        }
        return number
    }

    func bool(_ name: String) throws -> Bool? {
        guard let value = values[name], value != .null else { return nil }
        guard let flag = value.boolValue else { throw fail(name, "expected true or false") }
        return flag
    }

    func bool(_ name: String, default fallback: Bool) throws -> Bool {
        try bool(name) ?? fallback
    }

    func strings(_ name: String) throws -> [String] {
        guard let value = values[name], value != .null else { return [] }
        if let single = value.stringValue { return [single] }
        guard let list = value.listValue else { throw fail(name, "expected a list of strings") }
        return try list.enumerated().map { index, element in
            guard let text = element.stringValue else { throw fail("\(name)[\(index)]", "expected a string") }
            return text
        }
    }

    /// One of `choices`, or nil when not given.
    func choice(_ name: String, _ choices: [String]) throws -> String? {
        guard let text = try string(name) else { return nil }
        guard choices.contains(text) else {
            throw fail(name, "expected one of \(choices.joined(separator: ", ")), got '\(text)'")
        }
        return text
    }
}

/// File-name helpers shared by the tag and dataset steps.
enum ItemNames {
    /// The last path component.
    static func fileName(_ name: String) -> String {
        name.split(separator: "/").last.map(String.init) ?? name
    }

    /// `name` without its extension (the folder part kept).
    static func stem(_ name: String) -> String {
        let file = fileName(name)
        guard let dot = file.lastIndex(of: "."), dot != file.startIndex else { return name }
        return String(name.dropLast(file.distance(from: dot, to: file.endIndex)))
    }

    /// The extension of `name`, lowercased, with its dot (`.png`), or empty.
    static func `extension`(_ name: String) -> String {
        let file = fileName(name)
        guard let dot = file.lastIndex(of: "."), dot != file.startIndex else { return "" }
        return file[dot...].lowercased()
    }

    /// The image extensions the tag and dataset steps treat as images.
    static let imageExtensions: Set<String> = [".png", ".jpg", ".jpeg", ".webp", ".bmp", ".gif", ".tif", ".tiff"]

    /// Whether `name` looks like an image by its extension.
    static func isImage(_ name: String) -> Bool {
        imageExtensions.contains(`extension`(name))
    }
}

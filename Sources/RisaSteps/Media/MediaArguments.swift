import Foundation
import RisaCore
import RisaModel

/// Reads a media step's arguments with errors that name the argument as the pipeline spells it
/// (`steps.frames.with.every: ...`), so a user knows which line to fix.
struct MediaArguments: Sendable {
    /// The resolved arguments.
    let values: [String: Value]
    /// The step's id, for messages.
    let stepId: String

    init(_ invocation: StepInvocation) {
        values = invocation.arguments
        stepId = invocation.stepId
    }

    init(_ values: [String: Value], stepId: String) {
        self.values = values
        self.stepId = stepId
    }

    /// A failure about argument `name`: not retryable, the pipeline must change.
    func failure(_ name: String, _ reason: String) -> StepFailure {
        StepFailure("steps.\(stepId).with.\(name): \(reason)", retryable: false)
    }

    /// Whether `name` was given (or has a default) with a non-null value.
    func has(_ name: String) -> Bool {
        if case .null = values[name] ?? .null { return false }
        return true
    }

    func int(_ name: String) throws -> Int? {
        switch values[name] ?? .null {
        case .null: return nil
        case .int(let number): return number
        case .number(let number) where number == number.rounded() && abs(number) < 1e15: return Int(number)
        case .string(let text) where Int(text) != nil: return Int(text)
        case let other: throw failure(name, "expected a whole number, got \(CanonicalJSON.string(other))")
        }
    }

    func double(_ name: String) throws -> Double? {
        switch values[name] ?? .null {
        case .null: return nil
        case .string(let text) where Double(text) != nil: return Double(text)
        case let other:
            guard let number = other.doubleValue else {
                throw failure(name, "expected a number, got \(CanonicalJSON.string(other))")
            }
            return number
        }
    }

    /// A duration in seconds: a number, or a text such as `10s`, `1m30s`, `500ms`.
    func seconds(_ name: String) throws -> Double? {
        switch values[name] ?? .null {
        case .null: return nil
        case .string(let text):
            if let number = Double(text) { return number }
            guard let seconds = DurationParser.seconds(text) else {
                throw failure(name, "expected a duration such as 10s, 1m30s or 0.5, got '\(text)'")
            }
            return seconds
        case let other:
            guard let number = other.doubleValue else {
                throw failure(name, "expected a duration, got \(CanonicalJSON.string(other))")
            }
            return number
        }
    }

    func bool(_ name: String) throws -> Bool? {
        switch values[name] ?? .null {
        case .null: return nil
        case .bool(let flag): return flag
        case .string("true"): return true
        case .string("false"): return false
        case let other: throw failure(name, "expected true or false, got \(CanonicalJSON.string(other))")
        }
    }

    func string(_ name: String) throws -> String? {
        switch values[name] ?? .null {
        case .null: return nil
        case .string(let text): return text
        case .int(let number): return String(number)
        case let other: throw failure(name, "expected a text, got \(CanonicalJSON.string(other))")
        }
    }

    /// A text that must be one of `allowed`.
    func choice(_ name: String, _ allowed: [String]) throws -> String? {
        guard let text = try string(name) else { return nil }
        guard allowed.contains(text) else {
            throw failure(name, "expected one of \(allowed.joined(separator: ", ")), got '\(text)'")
        }
        return text
    }

    /// A list of durations (seconds).
    func secondsList(_ name: String) throws -> [Double]? {
        switch values[name] ?? .null {
        case .null: return nil
        case .list(let items):
            return try items.enumerated().map { index, item in
                try MediaArguments(["v": item], stepId: stepId).seconds("v").orThrow(
                    failure("\(name)[\(index)]", "expected a time"))
            }
        case let other: throw failure(name, "expected a list of times, got \(CanonicalJSON.string(other))")
        }
    }

    /// A size given as one number (a square) or `[width, height]`.
    func size(_ name: String) throws -> (width: Int, height: Int)? {
        let value = values[name] ?? .null
        switch value {
        case .null: return nil
        case .int(let side) where side > 0: return (side, side)
        case .list(let parts) where parts.count == 2:
            if let w = parts[0].intValue, let h = parts[1].intValue, w > 0, h > 0 { return (w, h) }
        default: break
        }
        throw failure(name, "expected a positive number or [width, height], got \(CanonicalJSON.string(value))")
    }
}

extension Optional {
    /// The value, or `error` thrown when there is none.
    func orThrow(_ error: @autoclosure () -> some Error) throws -> Wrapped {
        guard let value = self else { throw error() }
        return value
    }
}

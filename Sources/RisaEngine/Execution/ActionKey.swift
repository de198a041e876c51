import RisaCore
import RisaModel

/// The identity of one step execution: the same key means the same outputs.
///
/// Key = SHA-256 of the canonical JSON of (step type, step version, arguments in key form, the
/// environment fingerprint). In key form every artifact is its content digest (never a path), and
/// every secret is its name (never its value), so keys are stable across machines and safe to
/// print, store and share.
public struct ActionKey: Hashable, Sendable {
    /// The digest naming the action.
    public let digest: Digest
    /// The components it was computed from (kept to explain why a step re-ran).
    public let components: Value

    /// The version of the key format; bumping it invalidates every cache entry.
    public static let format = "risa.action-key/1"

    /// Computes the key of a step type with arguments in key form.
    public init(spec: StepTypeSpec, arguments: [String: Value], environment: [String: String]) {
        components = .map([
            "$type": .string(Self.format),
            "type": .string(spec.name),
            "version": .int(spec.version),
            "arguments": .map(arguments),
            "environment": .map(environment.mapValues(Value.string)),
        ])
        digest = Digest(of: CanonicalJSON.data(components))
    }

    /// Why `self` differs from an earlier key of the same step: the first argument, version or
    /// library that changed, in words.
    public func difference(from earlier: Value) -> String {
        guard case .map(let now) = components, case .map(let before) = earlier else { return "the step changed" }
        if now["type"] != before["type"] { return "the step type changed" }
        if now["version"] != before["version"] { return "the step type's version changed" }
        let nowArguments = now["arguments"]?.mapValue ?? [:]
        let beforeArguments = before["arguments"]?.mapValue ?? [:]
        for name in Set(nowArguments.keys).union(beforeArguments.keys).sorted()
        where nowArguments[name] != beforeArguments[name] {
            if let value = nowArguments[name], let old = beforeArguments[name], let detail = Self.detail(value, old) {
                return "argument '\(name)' changed (\(detail))"
            }
            return "argument '\(name)' changed"
        }
        let nowEnvironment = now["environment"]?.mapValue ?? [:]
        let beforeEnvironment = before["environment"]?.mapValue ?? [:]
        for name in Set(nowEnvironment.keys).union(beforeEnvironment.keys).sorted()
        where nowEnvironment[name] != beforeEnvironment[name] {
            return "\(name) changed"
        }
        return "the cache entry is missing"
    }

    /// For maps (shell `inputs`, `env`): which entry changed; for digests: that the content changed.
    private static func detail(_ now: Value, _ before: Value) -> String? {
        switch (now, before) {
        case (.map(let a), .map(let b)):
            for key in Set(a.keys).union(b.keys).sorted() where a[key] != b[key] {
                if let value = a[key], case .string(let text) = value, text.hasPrefix("sha256:") {
                    return "content of '\(key)' changed"
                }
                return a[key] == nil ? "'\(key)' removed" : (b[key] == nil ? "'\(key)' added" : "'\(key)' changed")
            }
            return nil
        case (.string(let a), .string(_)) where a.hasPrefix("sha256:"):
            return "input content changed"
        default:
            return nil
        }
    }
}

import Foundation
import RisaCore

/// Decodes one `steps:` entry into a `StepDecl`, reporting unknown keys and malformed settings.
enum StepDecoder {
    static func decode(_ entry: SourceNode.Entry, diagnostics: inout [Diagnostic]) -> StepDecl? {
        let path = "steps.\(entry.key)"
        guard Identifier.isValid(entry.key) else {
            diagnostics.append(
                Diagnostic(at: entry.keyLocation, path: path, Identifier.problem(entry.key, what: "step")))
            return nil
        }
        var reader = MappingReader(entry.value, path: path, allowed: PipelineDecoder.stepKeys, what: "a step")
        defer { diagnostics.append(contentsOf: reader.diagnostics) }
        guard entry.value.entries != nil else { return nil }

        guard let usesEntry = reader["uses"], let usesText = reader.string("uses") else {
            if reader["uses"] == nil {
                reader.add([
                    Diagnostic(
                        at: entry.keyLocation, path: "\(path).uses",
                        "a step needs 'uses' (a step type such as 'shell', or a recipe file)")
                ])
            }
            return nil
        }
        let uses: StepUses = isRecipePath(usesText) ? .recipe(usesText) : .builtin(usesText)

        var arguments: [ArgumentNode] = []
        if let with = reader["with"] {
            if let entries = with.value.entries {
                arguments = entries.map { ArgumentNode(key: $0.key, keyLocation: $0.keyLocation, node: $0.value) }
            } else if with.value.scalar?.resolved != .null {
                reader.report("with", "expected a mapping of arguments, got \(with.value.summary)")
            }
        }

        var needs: [(id: String, location: SourceLocation)] = []
        if let needsEntry = reader["needs"] {
            for element in needsEntry.value.elements ?? [needsEntry.value] {
                if let scalar = element.scalar, case .string(let id) = scalar.resolved {
                    needs.append((id, element.location))
                } else {
                    reader.add([
                        Diagnostic(
                            at: element.location, path: "\(path).needs", "expected a step id, got \(element.summary)")
                    ])
                }
            }
        }

        var retry = RetryPolicy()
        if let retryEntry = reader["retry"] {
            if let scalar = retryEntry.value.scalar, case .int(let attempts) = scalar.resolved, attempts >= 1 {
                retry.attempts = attempts
            } else {
                var retryReader = MappingReader(
                    retryEntry.value, path: "\(path).retry", allowed: ["attempts", "backoff"], what: "a retry policy")
                retry.attempts = retryReader.int("attempts", in: 1...100) ?? 1
                retry.backoff = retryReader.duration("backoff") ?? 1
                reader.add(retryReader.diagnostics)
            }
        }

        var resources = ResourceRequest()
        if let resourcesEntry = reader["resources"] {
            var resourceReader = MappingReader(
                resourcesEntry.value, path: "\(path).resources", allowed: ["cpu", "gpu", "memory"], what: "resources")
            resources.cpu = resourceReader.int("cpu", in: 0...4096) ?? 1
            resources.gpu = resourceReader.int("gpu", in: 0...64) ?? 0
            if let memoryNode = resourceReader["memory"]?.value {
                if let scalar = memoryNode.scalar, let bytes = ByteSize.parse(scalar.text) {
                    resources.memory = bytes
                } else {
                    resourceReader.report("memory", "expected a size such as 512M or 8G, got \(memoryNode.summary)")
                }
            }
            reader.add(resourceReader.diagnostics)
        }

        var onError = ErrorPolicy.fail
        if let policyText = reader.string("on_error") {
            if let policy = ErrorPolicy(rawValue: policyText) {
                onError = policy
            } else {
                let names = ErrorPolicy.allCases.map(\.rawValue)
                reader.report(
                    "on_error",
                    "expected one of \(names.joined(separator: ", ")), got '\(policyText)'"
                        + Suggestions.hint(for: policyText, among: names))
            }
        }
        _ = reader.string("description")

        func argument(_ key: String) -> ArgumentNode? {
            reader[key].map { ArgumentNode(key: $0.key, keyLocation: $0.keyLocation, node: $0.value) }
        }
        return StepDecl(
            id: entry.key, location: entry.keyLocation, uses: uses, usesLocation: usesEntry.value.location,
            with: arguments, needs: needs, condition: argument("if"), foreach: argument("foreach"), retry: retry,
            timeout: reader.duration("timeout"), cache: reader.bool("cache") ?? true, resources: resources,
            onError: onError)
    }

    /// Recipes are named by relative or absolute paths to YAML files; step types are `family.verb`.
    static func isRecipePath(_ text: String) -> Bool {
        text.hasPrefix("./") || text.hasPrefix("../") || text.hasPrefix("/") || text.hasSuffix(".yaml")
            || text.hasSuffix(".yml")
    }
}

/// Sizes written as `512M`, `8G`, `1.5GiB` or a number of bytes.
public enum ByteSize {
    /// The number of bytes `text` stands for (K, M, G, T are powers of 1024), or nil.
    public static func parse(_ text: String) -> Int64? {
        var trimmed = Substring(text.trimmingWhitespace.uppercased())
        for suffix in ["IB", "B"] where trimmed.hasSuffix(suffix) {
            trimmed = trimmed.dropLast(suffix.count)
            break
        }
        let scales: [Character: Double] = ["K": 1024, "M": 1_048_576, "G": 1_073_741_824, "T": 1_099_511_627_776]
        var scale = 1.0
        if let last = trimmed.last, let factor = scales[last] {
            scale = factor
            trimmed = trimmed.dropLast()
        }
        guard let number = Double(trimmed), number >= 0, number.isFinite else { return nil }
        return Int64(number * scale)
    }

    /// `1.5 GiB`, `20.0 KiB`, `512 B`.
    public static func format(_ bytes: Int64) -> String {
        let units = ["B", "KiB", "MiB", "GiB", "TiB"]
        var value = Double(bytes)
        var unit = 0
        while value >= 1024, unit < units.count - 1 {
            value /= 1024
            unit += 1
        }
        return unit == 0 ? "\(bytes) B" : String(format: "%.1f", value) + " " + units[unit]
    }
}

import Foundation
import RisaCore
import RisaModel
import RisaProcess

/// Runs `shell` steps: `/bin/sh -eu -c RUN` in the step's private output folder, with a small,
/// explicit environment (so results do not depend on the caller's shell), its inputs as `$IN_*`
/// and its output folder as `$OUT`.
public struct ShellStepRunner: ActionStepImplementation {
    public var spec: StepTypeSpec { ShellStep.spec }

    /// Creates the runner.
    public init() {}

    /// The variables every shell step gets besides its own `env:`, `$IN_*` and `$OUT`.
    static func baseEnvironment(scratch: URL) -> [String: String] {
        let inherited = ProcessInfo.processInfo.environment
        return [
            "PATH": inherited["PATH"] ?? "/usr/local/bin:/usr/bin:/bin",
            "HOME": inherited["HOME"] ?? "/",
            "LANG": "C.UTF-8",
            "LC_ALL": "C.UTF-8",
            "TZ": "UTC",
            "TMPDIR": scratch.path,
        ]
    }

    public func execute(_ invocation: StepInvocation) async throws -> [String: ProducedOutput] {
        guard case .string(let command) = invocation.arguments["run"] ?? .null else {
            throw StepFailure("steps.\(invocation.stepId).with.run: a command is required", retryable: false)
        }
        var environment = Self.baseEnvironment(scratch: try invocation.scratchDirectory)
        for (name, value) in invocation.arguments["env"]?.mapValue ?? [:] {
            environment[name] = ExpressionEvaluator.text(of: value)
        }
        for (name, value) in invocation.arguments["inputs"]?.mapValue ?? [:] {
            guard case .string(let path) = value else {
                throw StepFailure(
                    "steps.\(invocation.stepId).with.inputs.\(name): a per-item list cannot be one input; use foreach",
                    retryable: false)
            }
            environment["IN_" + Self.variableName(name)] = path
        }
        environment["OUT"] = invocation.outputDirectory.path

        var outputs: [String: ProducedOutput] = [:]
        for (name, value) in invocation.arguments["outputs"]?.mapValue ?? [:] {
            guard case .string(let path) = value, let relative = Self.relativeOutputPath(path) else {
                throw StepFailure(
                    "steps.\(invocation.stepId).with.outputs.\(name): '\(ExpressionEvaluator.text(of: value))' must be a relative path inside $OUT",
                    retryable: false)
            }
            outputs[name] = path.hasSuffix("/") ? .directory(relative) : .file(relative)
        }

        let process = Subprocess(
            executable: "/bin/sh", arguments: ["-eu", "-c", command], environment: environment,
            workingDirectory: invocation.outputDirectory.path,
            timeout: invocation.timeout.map { .milliseconds(Int64($0 * 1000)) })
        let log = invocation.log
        let result = try await invocation.processSlots.withSlot {
            try await process.run { line in log(line.stream == .stdout ? .stdout : .stderr, line.text) }
        }
        if result.wasCancelled { throw CancellationError() }
        if result.timedOut {
            throw StepFailure(
                "timed out after \(DurationParser.format(invocation.timeout ?? 0)); the command's processes were killed"
            )
        }
        switch result.termination {
        case .exited(code: 0): return outputs
        case .exited(let code): throw StepFailure("the command exited with status \(code)")
        case .signaled(let signal): throw StepFailure("the command was killed by signal \(signal)")
        }
    }

    /// `IN_` names: letters, digits and `_`; anything else becomes `_`.
    static func variableName(_ name: String) -> String {
        String(name.unicodeScalars.map { $0.properties.isAlphabetic || ("0"..."9").contains($0) ? Character($0) : "_" })
    }

    /// The path without a trailing `/`, or nil when it is absolute or leaves the folder.
    static func relativeOutputPath(_ path: String) -> String? {
        let trimmed = path.hasSuffix("/") ? String(path.dropLast()) : path
        guard !trimmed.isEmpty, !trimmed.hasPrefix("/") else { return nil }
        let parts = trimmed.split(separator: "/")
        guard !parts.contains(".."), !parts.isEmpty else { return nil }
        return parts.filter { $0 != "." }.joined(separator: "/")
    }
}

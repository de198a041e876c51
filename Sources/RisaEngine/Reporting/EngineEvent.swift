import Foundation
import RisaCore

/// What happens during a run, as reporters (terminal, JSON Lines) and the run record see it.
public enum EngineEvent: Sendable {
    /// The run started.
    case runStarted(run: String, pipeline: String, steps: Int)
    /// A step started (its items, when it fans out).
    case stepStarted(step: String, items: Int)
    /// One item of a fan-out step finished.
    case itemFinished(step: String, index: Int, status: String)
    /// A line of a step's output.
    case log(step: String, channel: String, line: String)
    /// A step settled.
    case stepFinished(StepSummary)
    /// The run finished.
    case runFinished(RunSummary)

    /// The event as JSON (one line of `--json`).
    public var json: Value {
        switch self {
        case .runStarted(let run, let pipeline, let steps):
            return .map([
                "event": .string("run_started"), "run": .string(run), "pipeline": .string(pipeline),
                "steps": .int(steps),
            ])
        case .stepStarted(let step, let items):
            return .map(["event": .string("step_started"), "step": .string(step), "items": .int(items)])
        case .itemFinished(let step, let index, let status):
            return .map([
                "event": .string("item_finished"), "step": .string(step), "index": .int(index),
                "status": .string(status),
            ])
        case .log(let step, let channel, let line):
            return .map([
                "event": .string("log"), "step": .string(step), "stream": .string(channel), "line": .string(line),
            ])
        case .stepFinished(let summary):
            var value = summary.json
            if case .map(var entries) = value {
                entries["event"] = .string("step_finished")
                value = .map(entries)
            }
            return value
        case .runFinished(let summary):
            return summary.json
        }
    }
}

/// How one step ended.
public struct StepSummary: Sendable {
    /// Flat id.
    public var id: String
    /// Step type.
    public var type: String
    /// `ran`, `cached`, `failed`, `skipped` or `cancelled`.
    public var status: String
    /// Why it ran, was skipped, or where its result came from.
    public var reason: String
    /// Item counts (a single action counts as one item).
    public var total: Int, ran: Int, cached: Int, failed: Int
    /// Items a filter left out (listed in its rejected set, and in the run record as `skipped`).
    public var rejected: Int = 0
    /// Wall time in seconds.
    public var duration: Double
    /// Outputs: name -> (digest, published path); per-item outputs list each element.
    public var outputs: [String: [(digest: Digest, path: String)]]
    /// The error, when it failed.
    public var error: String?

    /// The step as JSON.
    public var json: Value {
        var outputValues: [String: Value] = [:]
        for (name, entries) in outputs {
            let values = entries.map {
                Value.map(["digest": .string($0.digest.description), "path": .string($0.path)])
            }
            outputValues[name] = values.count == 1 ? values[0] : .list(values)
        }
        var value: [String: Value] = [
            "id": .string(id), "status": .string(status), "reason": .string(reason),
            "items": .map([
                "total": .int(total), "ran": .int(ran), "cached": .int(cached), "failed": .int(failed),
                "rejected": .int(rejected),
            ]),
            "duration_s": .number((duration * 1000).rounded() / 1000), "outputs": .map(outputValues),
        ]
        if let error { value["error"] = .string(error) }
        return .map(value)
    }
}

/// How the run ended.
public struct RunSummary: Sendable {
    /// The run's id.
    public var run: String
    /// `succeeded`, `failed` or `cancelled`.
    public var status: String
    /// Every step, in execution order.
    public var steps: [StepSummary]
    /// Wall time in seconds.
    public var duration: Double
    /// Where outputs are published.
    public var outputFolder: String

    /// The summary as the last line of `--json`.
    public var json: Value {
        .map([
            "run": .string(run), "status": .string(status), "steps": .list(steps.map(\.json)),
            "duration_s": .number((duration * 1000).rounded() / 1000), "out": .string(outputFolder),
        ])
    }
}

/// Receives engine events as they happen.
public protocol RunReporter: Sendable {
    /// Handles one event; called from any task, in the order events happen for each step.
    func report(_ event: EngineEvent)
}

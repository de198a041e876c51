import Foundation
import RisaCore
import RisaEngine
import RisaModel
import Synchronization

/// Progress for people. On a terminal: a line per finished step and a live status line (steps done
/// of total, running steps with items done, items/s and ETA). Elsewhere: plain timestamped lines.
/// The output of a failed step is shown (its last lines); other output goes to the run's logs.
final class ConsoleReporter: RunReporter {
    private struct State {
        var total = 0
        var done = 0
        var running: [String: (started: Date, items: Int, finished: Int)] = [:]
        var logs: [String: [String]] = [:]
        var statusShown = false
        var lastDraw = Date.distantPast
    }

    private let live: Bool
    private let verbose: Bool
    private let state = Mutex(State())
    private static let keptLines = 30

    init(live: Bool, verbose: Bool) {
        self.live = live
        self.verbose = verbose
    }

    func report(_ event: EngineEvent) {
        state.withLock { state in
            switch event {
            case .runStarted(let run, let pipeline, let steps):
                state.total = steps
                emit("run \(run): \(pipeline), \(steps) step\(steps == 1 ? "" : "s")", &state)
            case .stepStarted(let step, let items):
                state.running[step] = (Date(), items, 0)
                if verbose { emit("start \(step)", &state) }
            case .itemFinished(let step, _, _):
                state.running[step]?.finished += 1
            case .log(let step, let channel, let line):
                if verbose { emit("  \(step) \(channel == "stderr" ? "!" : "|") \(line)", &state) }
                var lines = state.logs[step, default: []]
                lines.append(line)
                if lines.count > Self.keptLines { lines.removeFirst(lines.count - Self.keptLines) }
                state.logs[step] = lines
            case .stepFinished(let summary):
                state.running[summary.id] = nil
                state.done += 1
                emit(Self.describe(summary), &state)
                if summary.status == "failed", !verbose, let lines = state.logs[summary.id], !lines.isEmpty {
                    emit("  last output of \(summary.id):", &state)
                    for line in lines { emit("    \(line)", &state) }
                }
                state.logs[summary.id] = nil
            case .runFinished(let summary):
                let counts = Dictionary(grouping: summary.steps, by: \.status).mapValues(\.count)
                let parts = ["ran", "cached", "skipped", "failed", "cancelled"].compactMap { key in
                    counts[key].map { "\($0) \(key)" }
                }
                emit(
                    "run \(summary.status) in \(Self.seconds(summary.duration)): \(parts.joined(separator: ", "))",
                    &state)
                emit("outputs: \(summary.outputFolder)", &state)
            }
            if live { drawStatus(&state) }
        }
    }

    private static func describe(_ summary: StepSummary) -> String {
        var line = summary.status + String(repeating: " ", count: max(0, 9 - summary.status.count)) + " " + summary.id
        if summary.total > 1 {
            line +=
                " [\(summary.total) items: \(summary.ran) ran, \(summary.cached) cached, \(summary.failed) failed"
                + (summary.rejected > 0 ? ", \(summary.rejected) rejected]" : "]")
        }
        if summary.status == "ran" || summary.status == "failed" { line += " (\(seconds(summary.duration)))" }
        if let error = summary.error {
            line += ": \(error)"
        } else if summary.status != "cached", !summary.reason.isEmpty, summary.reason != summary.status {
            line += ": \(summary.reason)"
        }
        return line
    }

    static func seconds(_ value: Double) -> String {
        value < 60 ? String(format: "%.2fs", value) : DurationParser.format(value)
    }

    private func emit(_ line: String, _ state: inout State) {
        var text = ""
        if live {
            if state.statusShown { text += "\r\u{1B}[2K" }
            state.statusShown = false
            text += line + "\n"
        } else {
            text += "[\(Self.timestamp())] \(line)\n"
        }
        FileHandle.standardError.write(Data(text.utf8))
    }

    private func drawStatus(_ state: inout State) {
        let now = Date()
        guard !state.running.isEmpty, now.timeIntervalSince(state.lastDraw) > 0.1 || !state.statusShown else {
            if state.running.isEmpty, state.statusShown {
                FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8))
                state.statusShown = false
            }
            return
        }
        state.lastDraw = now
        var parts: [String] = []
        for (step, progress) in state.running.sorted(by: { $0.key < $1.key }).prefix(3) {
            if progress.items > 0 {
                let elapsed = max(0.001, now.timeIntervalSince(progress.started))
                let rate = Double(progress.finished) / elapsed
                let eta = rate > 0 ? DurationParser.format(Double(progress.items - progress.finished) / rate) : "?"
                parts.append(
                    "\(step) \(Self.bar(progress.finished, progress.items)) \(progress.finished)/\(progress.items) \(String(format: "%.1f", rate))/s ETA \(eta)"
                )
            } else {
                parts.append(step)
            }
        }
        if state.running.count > 3 { parts.append("+\(state.running.count - 3) more") }
        let line = "[\(state.done)/\(state.total)] " + parts.joined(separator: " | ")
        FileHandle.standardError.write(Data(("\r\u{1B}[2K" + String(line.prefix(Terminal.width - 1))).utf8))
        state.statusShown = true
    }

    private static func bar(_ done: Int, _ total: Int) -> String {
        let width = 12
        let filled = total > 0 ? min(width, done * width / total) : 0
        return "[" + String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled) + "]"
    }

    /// `HH:MM:SS` in local time, written without `String(format:)` (a line per step).
    private static func timestamp() -> String {
        var now = time(nil)
        var parts = tm()
        localtime_r(&now, &parts)
        func twoDigits(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return twoDigits(parts.tm_hour) + ":" + twoDigits(parts.tm_min) + ":" + twoDigits(parts.tm_sec)
    }
}

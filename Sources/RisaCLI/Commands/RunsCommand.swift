import ArgumentParser
import Foundation
import RisaCore
import RisaState

/// `risa runs`: the recent runs of this project, newest first.
struct RunsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "runs", abstract: "List recent runs, newest first.")

    @Option(name: [.short, .long], help: "How many runs to list.")
    var limit = 20

    @Flag(help: "Print JSON.")
    var json = false

    func run() async throws {
        let project = try ProjectState.open(
            root: ProjectRoot.find(startingAt: URL(fileURLWithPath: FileManager.default.currentDirectoryPath)))
        // Runs whose process died (kill -9, a crash) show as interrupted, not running.
        _ = try? await project.records.recoverInterruptedRuns(probe: SystemProcessProbe(), at: Date())
        let runs = try await project.records.listRuns(limit: limit)
        if json {
            print(CanonicalJSON.string(.list(runs.map(RecordText.json))))
            return
        }
        if runs.isEmpty {
            print("no runs yet")
            return
        }
        for run in runs {
            let duration = run.finishedAt.map { ConsoleReporter.seconds($0.timeIntervalSince(run.startedAt)) } ?? "-"
            print(
                "\(run.id)  \(run.status.rawValue.padding(toLength: 11, withPad: " ", startingAt: 0)) \(duration.padding(toLength: 8, withPad: " ", startingAt: 0)) \(run.pipelineName)  \(run.pipelinePath)"
            )
        }
    }
}

/// `risa show RUN`: one run with its steps.
struct ShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Show a run (an id or a unique prefix) and its steps.")

    @Argument(help: "Run id or unique prefix.")
    var run: String

    @Flag(help: "Print JSON.")
    var json = false

    func run() async throws {
        let project = try ProjectState.open(
            root: ProjectRoot.find(startingAt: URL(fileURLWithPath: FileManager.default.currentDirectoryPath)))
        _ = try? await project.records.recoverInterruptedRuns(probe: SystemProcessProbe(), at: Date())
        let detail: RunDetail
        do {
            detail = try await project.records.run(matching: run)
        } catch let error as StateError {
            throw CommandFailure.invalid(error.message)
        }
        if json {
            print(CanonicalJSON.string(RecordText.json(detail)))
            return
        }
        let record = detail.run
        print("run \(record.id): \(record.pipelineName) (\(record.pipelinePath))")
        print("status: \(record.status.rawValue)")
        print(
            "started: \(RecordText.date(record.startedAt))"
                + (record.finishedAt.map { ", finished: \(RecordText.date($0))" } ?? ""))
        print("risa: \(record.risaVersion)")
        if let git = record.git {
            print("recipe: \(git.repository) at \(git.commit)\(git.isDirty ? " with uncommitted changes" : "")")
        }
        if case .map(let params) = record.params, !params.isEmpty {
            print(
                "params: "
                    + params.keys.sorted().map { "\($0)=\(CanonicalJSON.string(params[$0]!))" }.joined(separator: " "))
        }
        for step in detail.steps {
            var line =
                "  \(step.status.rawValue.padding(toLength: 9, withPad: " ", startingAt: 0)) \(step.stepID) (\(step.type))"
            if let duration = step.duration { line += " \(RecordText.seconds(duration))" }
            if let reason = step.cacheReason, !reason.isEmpty, reason != step.status.rawValue { line += ": \(reason)" }
            print(line)
            if let error = step.error { print("      error: \(error)") }
            if let key = step.actionKey { print("      key: \(key)") }
            for name in step.outputs.keys.sorted() {
                let output = step.outputs[name]!
                print("      \(name): \(output.digest)" + (output.path.map { " \($0)" } ?? ""))
            }
        }
    }
}

/// `risa logs RUN [STEP]`: what steps printed.
struct LogsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "logs", abstract: "Print the output of a run's steps.")

    @Argument(help: "Run id or unique prefix.")
    var run: String

    @Argument(help: "Only this step.")
    var step: String?

    func run() async throws {
        let project = try ProjectState.open(
            root: ProjectRoot.find(startingAt: URL(fileURLWithPath: FileManager.default.currentDirectoryPath)))
        let id: RunID
        do {
            id = try await project.records.resolveRunID(prefix: run)
        } catch let error as StateError {
            throw CommandFailure.invalid(error.message)
        }
        let lines = try await project.records.logs(run: id, step: step)
        for line in lines {
            print(step == nil ? "\(line.stepID) \(line.stream == .stderr ? "!" : "|") \(line.text)" : line.text)
        }
    }
}

/// Run records as text and JSON.
enum RecordText {
    static func date(_ date: Date) -> String {
        ISO8601DateFormatter().string(from: date)
    }

    static func seconds(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        return ConsoleReporter.seconds(Double(seconds) + Double(attoseconds) / 1e18)
    }

    static func json(_ run: RunRecord) -> Value {
        var value: [String: Value] = [
            "id": .string(run.id.rawValue), "pipeline": .string(run.pipelineName), "path": .string(run.pipelinePath),
            "status": .string(run.status.rawValue), "started": .string(date(run.startedAt)), "params": run.params,
            "risa": .string(run.risaVersion),
        ]
        if let finished = run.finishedAt { value["finished"] = .string(date(finished)) }
        if let git = run.git {
            value["git"] = .map([
                "repository": .string(git.repository), "commit": .string(git.commit), "dirty": .bool(git.isDirty),
            ])
        }
        return .map(value)
    }

    static func json(_ detail: RunDetail) -> Value {
        guard case .map(var value) = json(detail.run) else { return .null }
        value["summary"] = detail.run.summary
        return .map(value)
    }
}

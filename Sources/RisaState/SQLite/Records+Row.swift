import Foundation
import GRDB
import RisaCore

// Reading records back from rows of the tables in `StateSchema`.

extension RunRecord {
    init(row: Row) throws {
        var git: GitInfo?
        if let commit = try row.decode(String?.self, forColumn: "git_commit") {
            git = GitInfo(
                repository: try row.decode(String?.self, forColumn: "git_repository") ?? "",
                commit: commit, isDirty: try row.decode(Bool?.self, forColumn: "git_dirty") ?? false)
        }
        var process: ProcessIdentity?
        if let pid = try row.decode(Int32?.self, forColumn: "process_pid") {
            process = ProcessIdentity(
                pid: pid, host: try row.decode(String?.self, forColumn: "process_host") ?? "",
                startToken: try row.decode(String?.self, forColumn: "process_start"))
        }
        self.init(
            id: RunID(try row.decode(String.self, forColumn: "id")),
            pipelineName: try row.decode(String.self, forColumn: "pipeline_name"),
            pipelinePath: try row.decode(String.self, forColumn: "pipeline_path"),
            params: try ColumnCoding.value(row, "params"),
            startedAt: try ColumnCoding.date(row, "started_ms"),
            finishedAt: try ColumnCoding.optionalDate(row, "finished_ms"),
            status: try ColumnCoding.status(RunStatus.self, row, "status"),
            git: git,
            risaVersion: try row.decode(String.self, forColumn: "risa_version"),
            environmentFingerprint: try row.decode(String.self, forColumn: "environment"),
            summary: try ColumnCoding.value(row, "summary"),
            process: process)
    }
}

extension StepRecord {
    /// Reads a step row; its outputs come from `step_outputs`.
    init(row: Row, outputs: [String: StepOutput]) throws {
        var items: ItemCounts?
        if let total = try row.decode(Int?.self, forColumn: "items_total") {
            items = ItemCounts(
                total: total, ran: try row.decode(Int?.self, forColumn: "items_ran") ?? 0,
                cached: try row.decode(Int?.self, forColumn: "items_cached") ?? 0,
                failed: try row.decode(Int?.self, forColumn: "items_failed") ?? 0)
        }
        self.init(
            runID: RunID(try row.decode(String.self, forColumn: "run_id")),
            stepID: try row.decode(String.self, forColumn: "step_id"),
            type: try row.decode(String.self, forColumn: "type"),
            actionKey: try ColumnCoding.optionalDigest(row, "action_key"),
            status: try ColumnCoding.status(StepStatus.self, row, "status"),
            cacheReason: try row.decode(String?.self, forColumn: "cache_reason"),
            startedAt: try ColumnCoding.optionalDate(row, "started_ms"),
            finishedAt: try ColumnCoding.optionalDate(row, "finished_ms"),
            duration: try ColumnCoding.optionalDuration(row, "duration_ms"),
            outputs: outputs, items: items,
            error: try row.decode(String?.self, forColumn: "error"))
    }
}

extension AttemptRecord {
    init(row: Row) throws {
        self.init(
            runID: RunID(try row.decode(String.self, forColumn: "run_id")),
            stepID: try row.decode(String.self, forColumn: "step_id"),
            number: try row.decode(Int.self, forColumn: "number"),
            startedAt: try ColumnCoding.date(row, "started_ms"),
            finishedAt: try ColumnCoding.optionalDate(row, "finished_ms"),
            exitStatus: try row.decode(Int32?.self, forColumn: "exit_status"),
            error: try row.decode(String?.self, forColumn: "error"))
    }
}

extension ItemRecord {
    init(row: Row) throws {
        self.init(
            runID: RunID(try row.decode(String.self, forColumn: "run_id")),
            stepID: try row.decode(String.self, forColumn: "step_id"),
            name: try row.decode(String.self, forColumn: "name"),
            status: try ColumnCoding.status(ItemStatus.self, row, "status"),
            inputDigest: try ColumnCoding.optionalDigest(row, "input_digest"),
            outputDigest: try ColumnCoding.optionalDigest(row, "output_digest"),
            error: try row.decode(String?.self, forColumn: "error"))
    }
}

extension EventRecord {
    init(row: Row) throws {
        self.init(
            runID: RunID(try row.decode(String.self, forColumn: "run_id")),
            sequence: try row.decode(Int.self, forColumn: "sequence"),
            event: RunEvent(
                timestamp: try ColumnCoding.date(row, "timestamp_ms"),
                kind: try row.decode(String.self, forColumn: "kind"),
                payload: try ColumnCoding.value(row, "payload")))
    }
}

extension LogLine {
    init(row: Row) throws {
        self.init(
            runID: RunID(try row.decode(String.self, forColumn: "run_id")),
            stepID: try row.decode(String.self, forColumn: "step_id"),
            stream: try ColumnCoding.status(LogStream.self, row, "stream"),
            sequence: try row.decode(Int.self, forColumn: "sequence"),
            text: try row.decode(String.self, forColumn: "text"))
    }
}

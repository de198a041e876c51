import Foundation
import GRDB
import RisaCore

extension SQLiteRunRecordStore {
    /// The most recently started runs, newest first.
    /// - Throws: `StateError` `.invalidArgument` for a negative limit.
    public func listRuns(limit: Int) async throws -> [RunRecord] {
        guard limit >= 0 else {
            throw StateError(.invalidArgument, "cannot list \(limit) runs: the limit must be 0 or more")
        }
        return try await read("list runs") { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM runs ORDER BY started_ms DESC, id DESC LIMIT ?", arguments: [limit]
            ).map(RunRecord.init(row:))
        }
    }

    /// A run with its steps, in the order they were first recorded.
    /// - Throws: `StateError` `.notFound` when no such run is recorded.
    public func run(_ id: RunID) async throws -> RunDetail {
        let path = path
        return try await read("read run \(id)") { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM runs WHERE id = ?", arguments: [id.rawValue])
            else { throw Self.notFound(id, path: path) }
            var outputs: [String: [String: StepOutput]] = [:]
            for output in try Row.fetchAll(
                db, sql: "SELECT * FROM step_outputs WHERE run_id = ?", arguments: [id.rawValue])
            {
                let stepID = try output.decode(String.self, forColumn: "step_id")
                outputs[stepID, default: [:]][try output.decode(String.self, forColumn: "name")] = StepOutput(
                    digest: try ColumnCoding.digest(output, "digest"),
                    path: try output.decode(String?.self, forColumn: "path"))
            }
            let steps = try Row.fetchAll(
                db, sql: "SELECT * FROM steps WHERE run_id = ? ORDER BY rowid", arguments: [id.rawValue]
            ).map { step in
                try StepRecord(row: step, outputs: outputs[try step.decode(String.self, forColumn: "step_id")] ?? [:])
            }
            return RunDetail(run: try RunRecord(row: row), steps: steps)
        }
    }

    /// The most recently started run of `pipelinePath` that has ended, if any.
    public func latestFinishedRun(pipelinePath: String) async throws -> RunID? {
        try await read("find the last run of \(pipelinePath)") { db in
            try String.fetchOne(
                db,
                sql: """
                    SELECT id FROM runs WHERE pipeline_path = ? AND status != 'running'
                    ORDER BY started_ms DESC, id DESC LIMIT 1
                    """,
                arguments: [pipelinePath]
            ).map(RunID.init)
        }
    }

    /// The action key of every step of a run that has one, by step id.
    public func actionKeys(run runID: RunID) async throws -> [String: Digest] {
        try await read("read the action keys of run \(runID)") { db in
            var keys: [String: Digest] = [:]
            let rows = try Row.fetchCursor(
                db, sql: "SELECT step_id, action_key FROM steps WHERE run_id = ? AND action_key IS NOT NULL",
                arguments: [runID.rawValue])
            while let row = try rows.next() {
                keys[try row.decode(String.self, forColumn: "step_id")] = try ColumnCoding.digest(row, "action_key")
            }
            return keys
        }
    }

    /// The run whose id is `prefix` or begins with it.
    /// - Throws: `StateError` `.notFound`, `.ambiguousPrefix` (naming up to five candidates) or
    ///   `.invalidArgument` for an empty prefix.
    public func resolveRunID(prefix: String) async throws -> RunID {
        guard !prefix.isEmpty else {
            throw StateError(.invalidArgument, "an empty run id matches every run; give at least one character")
        }
        let path = path
        return try await read("look up run \(prefix)") { db in
            if try Bool.fetchOne(db, sql: "SELECT 1 FROM runs WHERE id = ?", arguments: [prefix]) != nil {
                return RunID(prefix)
            }
            let matches = try String.fetchAll(
                db, sql: "SELECT id FROM runs WHERE substr(id, 1, ?) = ? ORDER BY id DESC LIMIT 6",
                arguments: [prefix.unicodeScalars.count, prefix])
            switch matches.count {
            case 0:
                throw StateError(
                    .notFound,
                    "no run id begins with '\(prefix)' in \(path); `risa runs` lists the recorded runs",
                    path: path)
            case 1:
                return RunID(matches[0])
            default:
                let shown = matches.prefix(5).joined(separator: ", ")
                let more = matches.count > 5 ? " and more" : ""
                throw StateError(
                    .ambiguousPrefix,
                    "run id prefix '\(prefix)' is ambiguous in \(path): it matches \(shown)\(more); "
                        + "give more characters",
                    path: path)
            }
        }
    }

    /// The attempts of a step, by number.
    public func attempts(run runID: RunID, step stepID: String) async throws -> [AttemptRecord] {
        try await read("read the attempts of step \(stepID)") { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM attempts WHERE run_id = ? AND step_id = ? ORDER BY number",
                arguments: [runID.rawValue, stepID]
            ).map(AttemptRecord.init(row:))
        }
    }

    /// The items of a batch step, in the order they were first recorded.
    public func items(run runID: RunID, step stepID: String) async throws -> [ItemRecord] {
        try await read("read the items of step \(stepID)") { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM items WHERE run_id = ? AND step_id = ? ORDER BY rowid",
                arguments: [runID.rawValue, stepID]
            ).map(ItemRecord.init(row:))
        }
    }

    /// The digests referred to by the `count` most recently started runs, whatever their status
    /// (a running run's outputs are the last thing garbage collection may delete).
    /// - Throws: `StateError` `.invalidArgument` for a negative count.
    public func referencedDigests(lastRuns count: Int) async throws -> ReferencedDigests {
        guard count >= 0 else {
            throw StateError(.invalidArgument, "cannot keep the last \(count) runs: the count must be 0 or more")
        }
        return try await read("collect the digests of the last \(count) runs") { db in
            let kept = "SELECT id FROM runs ORDER BY started_ms DESC, id DESC LIMIT :count"
            let outputRows = try Row.fetchAll(
                db,
                sql: """
                    SELECT digest FROM step_outputs WHERE run_id IN (\(kept))
                    UNION
                    SELECT output_digest FROM items WHERE run_id IN (\(kept)) AND output_digest IS NOT NULL
                    """,
                arguments: ["count": count])
            let keyRows = try Row.fetchAll(
                db, sql: "SELECT DISTINCT action_key FROM steps WHERE run_id IN (\(kept)) AND action_key IS NOT NULL",
                arguments: ["count": count])
            let inputRows = try Row.fetchAll(
                db,
                sql: "SELECT DISTINCT input_digest FROM items WHERE run_id IN (\(kept)) AND input_digest IS NOT NULL",
                arguments: ["count": count])
            return ReferencedDigests(
                outputs: Set(try outputRows.map { try ColumnCoding.digest($0, "digest") }),
                actionKeys: Set(try keyRows.map { try ColumnCoding.digest($0, "action_key") }),
                itemInputs: Set(try inputRows.map { try ColumnCoding.digest($0, "input_digest") }))
        }
    }
}

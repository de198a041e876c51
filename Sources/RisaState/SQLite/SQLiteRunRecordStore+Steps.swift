import Foundation
import GRDB
import RisaCore

extension SQLiteRunRecordStore {
    /// Records steps, replacing earlier records of the same steps (outputs included), in one
    /// transaction.
    public func saveSteps(_ steps: [StepRecord]) async throws {
        guard !steps.isEmpty else { return }
        try await write("record \(steps.count) step(s)") { db in
            let upsert = try db.cachedStatement(
                sql: """
                    INSERT INTO steps (run_id, step_id, type, action_key, status, cache_reason, started_ms,
                        finished_ms, duration_ms, items_total, items_ran, items_cached, items_failed, error)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (run_id, step_id) DO UPDATE SET
                        type = excluded.type, action_key = excluded.action_key, status = excluded.status,
                        cache_reason = excluded.cache_reason, started_ms = excluded.started_ms,
                        finished_ms = excluded.finished_ms, duration_ms = excluded.duration_ms,
                        items_total = excluded.items_total, items_ran = excluded.items_ran,
                        items_cached = excluded.items_cached, items_failed = excluded.items_failed,
                        error = excluded.error
                    """)
            let clearOutputs = try db.cachedStatement(
                sql: "DELETE FROM step_outputs WHERE run_id = ? AND step_id = ?")
            let insertOutput = try db.cachedStatement(
                sql: "INSERT INTO step_outputs (run_id, step_id, name, digest, path) VALUES (?, ?, ?, ?, ?)")
            for step in steps {
                try upsert.execute(arguments: [
                    step.runID.rawValue, step.stepID, step.type, step.actionKey?.description,
                    step.status.rawValue, step.cacheReason, ColumnCoding.milliseconds(step.startedAt),
                    ColumnCoding.milliseconds(step.finishedAt), ColumnCoding.milliseconds(step.duration),
                    step.items?.total, step.items?.ran, step.items?.cached, step.items?.failed, step.error,
                ])
                try clearOutputs.execute(arguments: [step.runID.rawValue, step.stepID])
                for (name, output) in step.outputs {
                    try insertOutput.execute(arguments: [
                        step.runID.rawValue, step.stepID, name, output.digest.description, output.path,
                    ])
                }
            }
        }
    }

    /// Records an attempt, replacing an earlier record with the same number.
    public func saveAttempt(_ attempt: AttemptRecord) async throws {
        try await write("record attempt \(attempt.number) of step \(attempt.stepID)") { db in
            try Self.insert(attempt, db)
        }
    }

    /// Records attempts in one transaction with one prepared statement (a run of 10,000 steps
    /// records 10,000 attempts; a transaction each cost 7 file locks and 4 writes per step).
    public func saveAttempts(_ attempts: [AttemptRecord]) async throws {
        guard !attempts.isEmpty else { return }
        try await write("record \(attempts.count) attempt(s)") { db in
            for attempt in attempts { try Self.insert(attempt, db) }
        }
    }

    private static func insert(_ attempt: AttemptRecord, _ db: Database) throws {
        let statement = try db.cachedStatement(
            sql: """
                INSERT OR REPLACE INTO attempts (run_id, step_id, number, started_ms, finished_ms,
                    exit_status, error)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """)
        try statement.execute(arguments: [
            attempt.runID.rawValue, attempt.stepID, attempt.number,
            ColumnCoding.milliseconds(attempt.startedAt), ColumnCoding.milliseconds(attempt.finishedAt),
            attempt.exitStatus, attempt.error,
        ])
    }

    /// Records batch items, replacing earlier records of the same items, in one transaction with one
    /// prepared statement (10,000 items take a few tens of milliseconds).
    public func saveItems(_ items: [ItemRecord]) async throws {
        guard !items.isEmpty else { return }
        try await write("record \(items.count) item(s)") { db in
            let upsert = try db.cachedStatement(
                sql: """
                    INSERT INTO items (run_id, step_id, name, status, input_digest, output_digest, error)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (run_id, step_id, name) DO UPDATE SET
                        status = excluded.status, input_digest = excluded.input_digest,
                        output_digest = excluded.output_digest, error = excluded.error
                    """)
            for item in items {
                try upsert.execute(arguments: [
                    item.runID.rawValue, item.stepID, item.name, item.status.rawValue,
                    item.inputDigest?.description, item.outputDigest?.description, item.error,
                ])
            }
        }
    }
}

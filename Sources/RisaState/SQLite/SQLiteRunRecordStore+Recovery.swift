import Foundation
import GRDB

extension SQLiteRunRecordStore {
    /// Marks as `interrupted` every run still `running` whose recorded process is dead, and cancels its
    /// unfinished steps. Runs without a recorded process, or recorded on another host, are left alone.
    ///
    /// Call it when a run starts: a run left `running` by a killed `risa` is then closed before the
    /// new one is recorded.
    public func recoverInterruptedRuns(probe: any ProcessLivenessProbe, at date: Date) async throws -> [RunID] {
        let running = try await read("find running runs") { db in
            try Row.fetchAll(db, sql: "SELECT * FROM runs WHERE status = 'running'").map(RunRecord.init(row:))
        }
        // Probing happens outside the transaction: it reads /proc and must not hold the write lock.
        let dead = running.filter { run in
            guard let process = run.process else { return false }
            return probe.liveness(of: process) == .dead
        }.map(\.id)
        return try await markInterrupted(dead, at: date)
    }

    /// Marks as `interrupted` every run still `running` that started before `cutoff`, and cancels its
    /// unfinished steps.
    public func markInterrupted(startedBefore cutoff: Date, at date: Date) async throws -> [RunID] {
        let stale = try await read("find running runs") { db in
            try String.fetchAll(
                db, sql: "SELECT id FROM runs WHERE status = 'running' AND started_ms < ? ORDER BY id",
                arguments: [ColumnCoding.milliseconds(cutoff)])
        }
        return try await markInterrupted(stale.map(RunID.init), at: date)
    }

    /// Marks the given runs `interrupted` if they are still `running` (another process may have
    /// finished or marked one since it was read), and cancels their pending and running steps.
    private func markInterrupted(_ ids: [RunID], at date: Date) async throws -> [RunID] {
        guard !ids.isEmpty else { return [] }
        return try await write("mark \(ids.count) run(s) interrupted") { db in
            let finished = ColumnCoding.milliseconds(date)
            var marked: [RunID] = []
            for id in ids {
                try db.execute(
                    sql: "UPDATE runs SET status = 'interrupted', finished_ms = ? WHERE id = ? AND status = 'running'",
                    arguments: [finished, id.rawValue])
                guard db.changesCount > 0 else { continue }
                try db.execute(
                    sql: """
                        UPDATE steps SET status = 'cancelled', finished_ms = COALESCE(finished_ms, ?),
                            error = COALESCE(error, 'the process running this run ended without recording a result')
                        WHERE run_id = ? AND status IN ('pending', 'running')
                        """,
                    arguments: [finished, id.rawValue])
                marked.append(id)
            }
            return marked
        }
    }
}

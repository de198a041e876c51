import Foundation
import GRDB
import RisaCore

extension SQLiteRunRecordStore {
    /// Records a new run.
    /// - Throws: `StateError` `.duplicateRun` when a run with its id exists.
    public func createRun(_ run: RunRecord) async throws {
        let path = path
        try await write("record run \(run.id)") { db in
            do {
                try db.execute(
                    sql: """
                        INSERT INTO runs (id, pipeline_name, pipeline_path, params, started_ms, finished_ms,
                            status, git_repository, git_commit, git_dirty, risa_version, environment, summary,
                            process_pid, process_host, process_start)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [
                        run.id.rawValue, run.pipelineName, run.pipelinePath, ColumnCoding.json(run.params),
                        ColumnCoding.milliseconds(run.startedAt), ColumnCoding.milliseconds(run.finishedAt),
                        run.status.rawValue, run.git?.repository, run.git?.commit, run.git?.isDirty,
                        run.risaVersion, run.environmentFingerprint, ColumnCoding.json(run.summary),
                        run.process?.pid, run.process?.host, run.process?.startToken,
                    ])
            } catch let error as DatabaseError where error.extendedResultCode == .SQLITE_CONSTRAINT_PRIMARYKEY {
                throw StateError(
                    .duplicateRun,
                    "a run with id \(run.id) is already recorded in \(path); make a new id with "
                        + "RunID.make(startedAt:)",
                    path: path, underlying: error)
            }
        }
    }

    /// Records the end of a run.
    /// - Throws: `StateError` `.notFound` when no such run is recorded.
    public func finishRun(_ id: RunID, status: RunStatus, at date: Date, summary: Value) async throws {
        let path = path
        try await write("record the end of run \(id)") { db in
            try db.execute(
                sql: "UPDATE runs SET status = ?, finished_ms = ?, summary = ? WHERE id = ?",
                arguments: [status.rawValue, ColumnCoding.milliseconds(date), ColumnCoding.json(summary), id.rawValue])
            try Self.requireChange(db, run: id, path: path)
        }
    }

    /// Records the git checkout of a run.
    /// - Throws: `StateError` `.notFound` when no such run is recorded.
    public func setGitInfo(_ git: GitInfo, for id: RunID) async throws {
        let path = path
        try await write("record git information of run \(id)") { db in
            try db.execute(
                sql: "UPDATE runs SET git_repository = ?, git_commit = ?, git_dirty = ? WHERE id = ?",
                arguments: [git.repository, git.commit, git.isDirty, id.rawValue])
            try Self.requireChange(db, run: id, path: path)
        }
    }

    /// Throws `.notFound` when the last UPDATE changed no row.
    static func requireChange(_ db: Database, run id: RunID, path: String) throws {
        guard db.changesCount > 0 else { throw notFound(id, path: path) }
    }

    static func notFound(_ id: RunID, path: String) -> StateError {
        StateError(
            .notFound, "no run \(id) is recorded in \(path); `risa runs` lists the recorded runs", path: path)
    }
}

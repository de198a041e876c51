import Foundation
import GRDB
import RisaCore

extension SQLiteRunRecordStore {
    /// Appends events to a run's event log, numbering them after the ones already there.
    public func appendEvents(_ events: [RunEvent], to runID: RunID) async throws -> [EventRecord] {
        guard !events.isEmpty else { return [] }
        return try await write("append \(events.count) event(s) to run \(runID)") { db in
            // Writes are serialised (IMMEDIATE transactions), so no one else takes these numbers.
            let last =
                try Int.fetchOne(
                    db, sql: "SELECT MAX(sequence) FROM events WHERE run_id = ?", arguments: [runID.rawValue]) ?? 0
            let insert = try db.cachedStatement(
                sql: "INSERT INTO events (run_id, sequence, timestamp_ms, kind, payload) VALUES (?, ?, ?, ?, ?)")
            var records: [EventRecord] = []
            records.reserveCapacity(events.count)
            for (offset, event) in events.enumerated() {
                let record = EventRecord(runID: runID, sequence: last + offset + 1, event: event)
                try insert.execute(arguments: [
                    runID.rawValue, record.sequence, ColumnCoding.milliseconds(event.timestamp), event.kind,
                    ColumnCoding.json(event.payload),
                ])
                records.append(record)
            }
            return records
        }
    }

    /// Appends lines a step wrote to one of its streams, numbering them after the run's earlier lines.
    public func appendLog(
        _ lines: [String], stream: LogStream, step stepID: String, run runID: RunID
    )
        async throws
    {
        guard !lines.isEmpty else { return }
        try await write("append \(lines.count) log line(s) of step \(stepID)") { db in
            let last =
                try Int.fetchOne(
                    db, sql: "SELECT MAX(sequence) FROM logs WHERE run_id = ?", arguments: [runID.rawValue]) ?? 0
            let insert = try db.cachedStatement(
                sql: "INSERT INTO logs (run_id, sequence, step_id, stream, text) VALUES (?, ?, ?, ?, ?)")
            for (offset, line) in lines.enumerated() {
                try insert.execute(arguments: [runID.rawValue, last + offset + 1, stepID, stream.rawValue, line])
            }
        }
    }

    /// A run's events with a sequence number above `sequence`, in order.
    public func events(run runID: RunID, after sequence: Int) async throws -> [EventRecord] {
        try await read("read the events of run \(runID)") { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM events WHERE run_id = ? AND sequence > ? ORDER BY sequence",
                arguments: [runID.rawValue, sequence]
            ).map(EventRecord.init(row:))
        }
    }

    /// A run's log lines with a sequence number above `sequence`, in order, of one step or of all.
    public func logs(run runID: RunID, step stepID: String?, after sequence: Int) async throws -> [LogLine] {
        try await read("read the log of run \(runID)") { db in
            let rows: [Row]
            if let stepID {
                rows = try Row.fetchAll(
                    db,
                    sql: "SELECT * FROM logs WHERE run_id = ? AND step_id = ? AND sequence > ? ORDER BY sequence",
                    arguments: [runID.rawValue, stepID, sequence])
            } else {
                rows = try Row.fetchAll(
                    db, sql: "SELECT * FROM logs WHERE run_id = ? AND sequence > ? ORDER BY sequence",
                    arguments: [runID.rawValue, sequence])
            }
            return try rows.map(LogLine.init(row:))
        }
    }
}

import Foundation
import GRDB

/// The run-record store of a project: an SQLite database (normally `.risa/state.db`) in WAL mode,
/// reached through a GRDB `DatabasePool`.
///
/// Several processes may use the same file at once (two `risa run` in one project, `risa show`
/// beside them): readers never wait, writers take turns, and a writer that finds the database
/// locked waits up to the busy timeout before failing with `StateError` `.busy`. Each write is one
/// short `IMMEDIATE` transaction, so waits are short.
///
/// Times are stored as INTEGER milliseconds since 1970 (UTC); a `Date` read back equals the one
/// written rounded to the millisecond. `Value`s are stored as canonical JSON text.
///
/// ```swift
/// let store = try SQLiteRunRecordStore(path: ".risa/state.db")
/// for run in try await store.listRuns(limit: 10) {
///     print(run.id, run.status, run.pipelineName)
/// }
/// ```
public final class SQLiteRunRecordStore: RunRecordStore {
    /// The database file.
    public let path: String
    /// How long a write waits for another process's lock before failing, in seconds.
    public let busyTimeout: TimeInterval

    let pool: DatabasePool

    /// Opens the database at `path`, creating it (and its folder) when missing and bringing its
    /// tables up to date.
    ///
    /// Two processes may open a new file at the same moment: if the other one creates the tables
    /// first, this one finds them in place.
    /// - Parameters:
    ///   - path: The database file, normally `<project>/.risa/state.db`.
    ///   - busyTimeout: How long a write waits for a lock held by another process, in seconds.
    /// - Throws: `StateError` `.cannotOpen`, `.readOnly`, `.corrupt` or `.busy`, naming the file.
    public init(path: String, busyTimeout: TimeInterval = 30) throws {
        self.path = path
        self.busyTimeout = busyTimeout
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw StateError(
                .cannotOpen,
                "cannot create the folder \(folder.path) for the run database \(path); check that "
                    + "the project folder is writable",
                path: path, underlying: error)
        }
        var configuration = Configuration()
        configuration.busyMode = .timeout(busyTimeout)
        configuration.foreignKeysEnabled = true
        configuration.label = "RisaState"
        do {
            pool = try Self.openPool(path: path, configuration: configuration, busyTimeout: busyTimeout)
        } catch {
            throw StateError(wrapping: error, path: path, action: "open the run database", busyTimeout: busyTimeout)
        }
    }

    /// Opens the pool and applies missing migrations, retrying while another process holds a lock
    /// SQLite does not wait for: switching a new file to WAL mode needs an exclusive lock, and a
    /// connection that finds it taken fails at once instead of calling the busy handler.
    private static func openPool(
        path: String, configuration: Configuration, busyTimeout: TimeInterval
    ) throws -> DatabasePool {
        let clock = ContinuousClock()
        let deadline = clock.now + .milliseconds(Int64(busyTimeout * 1000))
        var delay: TimeInterval = 0.002
        while true {
            do {
                let pool = try DatabasePool(path: path, configuration: configuration)
                try migrate(pool)
                return pool
            } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY && clock.now < deadline {
                Thread.sleep(forTimeInterval: delay)
                delay = min(delay * 2, 0.1)
            }
        }
    }

    /// Applies missing migrations. The migrator checks which migrations are applied before it opens
    /// the transaction that applies one, so a process racing another on a new file can try to
    /// create tables the other just created; a second pass then sees them applied.
    private static func migrate(_ pool: DatabasePool) throws {
        let migrator = StateSchema.migrator
        do {
            try migrator.migrate(pool)
        } catch {
            try migrator.migrate(pool)
        }
    }

    /// The journal mode SQLite reports for the database (`wal` once opened by this store).
    public func journalMode() async throws -> String {
        try await read("read the journal mode") { db in
            try String.fetchOne(db, sql: "PRAGMA journal_mode") ?? ""
        }
    }

    /// Runs `body` in one write transaction, turning failures into `StateError`s that name the file.
    func write<T: Sendable>(
        _ action: String, _ body: @escaping @Sendable (Database) throws -> T
    ) async throws -> T {
        do {
            return try await pool.write(body)
        } catch {
            throw StateError(wrapping: error, path: path, action: action, busyTimeout: busyTimeout)
        }
    }

    /// Runs `body` on a snapshot of the database, turning failures into `StateError`s.
    func read<T: Sendable>(
        _ action: String, _ body: @escaping @Sendable (Database) throws -> T
    ) async throws -> T {
        do {
            return try await pool.read(body)
        } catch {
            throw StateError(wrapping: error, path: path, action: action, busyTimeout: busyTimeout)
        }
    }
}

import Foundation
import GRDB
import RisaCore
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The SQLite file (`actions.db` in the store) that holds a store's action records: one row per
/// action key with the record's canonical JSON and when it was last used.
///
/// One file instead of one file per record: a cold run of 10,000 small steps wrote 10,000 record
/// files (an inode, a rename and a directory lock each), which cost more than the steps. The file is
/// in WAL mode with `synchronous = NORMAL`: a write is atomic and visible to other processes at once,
/// and reaches the disk at the next checkpoint or at the store's group flush (its `-wal` file is
/// flushed with the store's other small writes); a power cut can lose the last records, never
/// damage the file.
///
/// Opened on first use. On a read-only disk the file is opened immutable (reads only; a store
/// without the file has no records), and writes fail with `StoreError` `.readOnly`.
final class ActionDatabase: Sendable {
    /// The database file.
    let path: String
    /// How long a write waits for another process's lock, in seconds.
    let busyTimeout: TimeInterval
    private let state = Mutex<State>(.closed)

    private enum State {
        case closed
        /// Open for reading and writing.
        case writable(DatabaseQueue)
        /// On a read-only disk: opened immutable, or absent (no records at all).
        case readOnly(DatabaseQueue?)
    }

    /// The schema version written in `PRAGMA user_version`.
    static let schemaVersion = 1

    init(path: String, busyTimeout: TimeInterval = 60) {
        self.path = path
        self.busyTimeout = busyTimeout
    }

    /// One stored record's key, canonical JSON and last use (nanoseconds since 1970).
    struct Row {
        let key: String
        let record: Data
        let lastUsed: Int64
    }

    /// The record stored for the action key `hex`, or nil.
    func record(forKeyHex hex: String) throws -> (record: Data, lastUsed: Int64)? {
        try reading("read the action record for sha256:\(hex)", absent: nil) { db in
            let statement = try db.cachedStatement(sql: "SELECT record, last_used FROM action WHERE key = ?")
            guard let row = try GRDB.Row.fetchOne(statement, arguments: [hex]) else { return nil }
            return (row[0] as Data, row[1] as Int64)
        }
    }

    /// Stores `record` (canonical JSON) for the action key `hex`, replacing an earlier one.
    func store(_ record: Data, forKeyHex hex: String, lastUsed: Int64) throws {
        try writing("record the action sha256:\(hex)") { db in
            let statement = try db.cachedStatement(
                sql: "INSERT OR REPLACE INTO action (key, record, last_used) VALUES (?, ?, ?)")
            try statement.execute(arguments: [hex, record, lastUsed])
        }
    }

    /// Sets the last use of the record for `hex`; a read-only store keeps the old time.
    func touch(keyHex hex: String, lastUsed: Int64) {
        guard case .writable = try? connection() else { return }
        try? writing("mark the action sha256:\(hex) as used") { db in
            let statement = try db.cachedStatement(sql: "UPDATE action SET last_used = ? WHERE key = ?")
            try statement.execute(arguments: [lastUsed, hex])
        }
    }

    /// Deletes the records of the given keys (a missing one is not an error), in one transaction.
    func remove(keysHex: [String]) throws {
        guard !keysHex.isEmpty else { return }
        try writing("remove action records") { db in
            try db.inTransaction {
                let statement = try db.cachedStatement(sql: "DELETE FROM action WHERE key = ?")
                for hex in keysHex { try statement.execute(arguments: [hex]) }
                return .commit
            }
        }
    }

    /// Every stored key with its last use, in no particular order.
    func keys() throws -> [(key: String, lastUsed: Int64)] {
        try reading("list the action records", absent: []) { db in
            try GRDB.Row.fetchAll(db, sql: "SELECT key, last_used FROM action").map { ($0[0], $0[1]) }
        }
    }

    /// How many records are stored.
    func count() throws -> Int {
        try reading("count the action records", absent: 0) { db in
            try Int.fetchOne(db, sql: "SELECT count(*) FROM action") ?? 0
        }
    }

    /// Inserts records unless their key is already stored (records imported from an older layout).
    func insertMissing(_ rows: [Row]) throws {
        guard !rows.isEmpty else { return }
        try writing("import action records") { db in
            try db.inTransaction {
                let statement = try db.cachedStatement(
                    sql: "INSERT OR IGNORE INTO action (key, record, last_used) VALUES (?, ?, ?)")
                for row in rows { try statement.execute(arguments: [row.key, row.record, row.lastUsed]) }
                return .commit
            }
        }
    }

    /// Whether the database can be written (false on a read-only disk).
    var isWritable: Bool {
        if case .writable = try? connection() { return true }
        return false
    }

    // MARK: - Connection

    /// Runs `body` on the open file, or returns `absent` when a read-only store has no file.
    private func reading<T>(_ action: String, absent: T, _ body: (Database) throws -> T) throws -> T {
        let queue: DatabaseQueue
        switch try connection() {
        case .writable(let open), .readOnly(let open?): queue = open
        case .readOnly(nil), .closed: return absent
        }
        do {
            // One statement is its own transaction; `read` would add a transaction and two pragmas.
            return try queue.writeWithoutTransaction(body)
        } catch {
            throw storeError(error, action: action)
        }
    }

    private func writing(_ action: String, _ body: (Database) throws -> Void) throws {
        guard case .writable(let queue) = try connection() else {
            throw StoreError(
                .readOnly,
                "cannot \(action): the action database \(path) is on a read-only disk; make the store's "
                    + "folder writable or move the store (RISA_DIR) to a writable disk",
                path: path, errno: EROFS)
        }
        do {
            try queue.writeWithoutTransaction(body)
        } catch {
            throw storeError(error, action: action)
        }
    }

    private func connection() throws -> State {
        try state.withLock { state in
            if case .closed = state { state = try open() }
            return state
        }
    }

    /// Opens the file for writing, or, when its folder cannot be written, immutable for reading.
    private func open() throws -> State {
        var configuration = Configuration()
        configuration.journalMode = .wal
        configuration.busyMode = .timeout(busyTimeout)
        configuration.label = "RisaStore.actions"
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
        }
        do {
            let queue = try DatabaseQueue(path: path, configuration: configuration)
            try migrate(queue)
            return .writable(queue)
        } catch {
            let folder = Paths.parent(of: path)
            guard access(folder, W_OK) != 0 else {
                throw storeError(error, action: "open the action database")
            }
        }
        guard access(path, F_OK) == 0 else { return .readOnly(nil) }
        // Read-only: through the WAL files when a process left them (SQLite can read them without
        // writing), otherwise immutable (the file alone is the whole database, and SQLite need not
        // create the `-shm` file the folder refuses).
        var readOnly = Configuration()
        readOnly.readonly = true
        readOnly.label = "RisaStore.actions.readonly"
        var failure: any Error = StoreError(.io, "cannot open \(path)", path: path)
        for candidate in [path, Self.immutableURI(path)] {
            do {
                let queue = try DatabaseQueue(path: candidate, configuration: readOnly)
                try queue.writeWithoutTransaction { db in try db.execute(sql: "SELECT count(*) FROM action") }
                return .readOnly(queue)
            } catch {
                failure = error
            }
        }
        throw storeError(failure, action: "open the action database (read-only)")
    }

    /// `file:` URI of `path` with `immutable=1`: SQLite then reads a WAL database without creating
    /// its `-shm` file, which a read-only folder would refuse.
    static func immutableURI(_ path: String) -> String {
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: "?#%")
        let escaped = path.addingPercentEncoding(withAllowedCharacters: allowed) ?? path
        return "file:" + escaped + "?immutable=1"
    }

    /// Creates the table in a new file; refuses a file written by a newer schema.
    private func migrate(_ queue: DatabaseQueue) throws {
        try queue.writeWithoutTransaction { db in
            let version = try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0
            if version == Self.schemaVersion { return }
            if version > Self.schemaVersion {
                throw StoreError(
                    .corrupt,
                    "the action database \(path) was written by a newer Risa (schema \(version)); "
                        + "use that version, or move the file aside to start an empty action cache",
                    path: path)
            }
            try db.inTransaction(.immediate) {
                try db.execute(
                    sql: """
                        CREATE TABLE IF NOT EXISTS action (
                            key TEXT PRIMARY KEY NOT NULL,
                            record BLOB NOT NULL,
                            last_used INTEGER NOT NULL
                        ) WITHOUT ROWID;
                        PRAGMA user_version = \(Self.schemaVersion);
                        """)
                return .commit
            }
        }
    }

    /// A `StoreError` for a failure met while doing `action`, naming the file.
    private func storeError(_ error: any Error, action: String) -> StoreError {
        if let storeError = error as? StoreError { return storeError }
        guard let databaseError = error as? DatabaseError else {
            return StoreError(.io, "cannot \(action) (action database \(path)): \(error)", path: path)
        }
        let detail = databaseError.message.map { ": \($0)" } ?? ""
        switch databaseError.resultCode {
        case .SQLITE_READONLY:
            return StoreError(
                .readOnly,
                "cannot \(action): the action database \(path) is read-only; make the store's folder "
                    + "and its files writable", path: path, errno: EROFS)
        case .SQLITE_FULL:
            return StoreError(
                .diskFull,
                "cannot \(action): the disk holding \(path) is full; free space (risa cache gc) and retry",
                path: path, errno: ENOSPC)
        case .SQLITE_BUSY, .SQLITE_LOCKED:
            return StoreError(
                .busy,
                "cannot \(action): another process kept the action database \(path) locked for more "
                    + "than \(Int(busyTimeout)) s", path: path)
        case .SQLITE_CORRUPT, .SQLITE_NOTADB:
            return StoreError(
                .corrupt,
                "cannot \(action): \(path) is damaged or is not an SQLite database\(detail); move it aside "
                    + "(the action cache starts empty; stored outputs are kept)", path: path)
        default:
            return StoreError(.io, "cannot \(action) (action database \(path))\(detail)", path: path)
        }
    }
}

import GRDB

extension StateError {
    /// Turns an error met while using the database at `path` into a `StateError` a user can act on.
    /// `StateError`s pass through, gaining the path when they lack it.
    /// - Parameters:
    ///   - error: The error caught.
    ///   - path: The database file.
    ///   - action: What was being done, as a verb phrase ("record steps").
    ///   - busyTimeout: The busy timeout in force, for the message of a lock wait that ran out.
    init(wrapping error: any Error, path: String, action: String, busyTimeout: Double) {
        if let stateError = error as? StateError {
            self =
                stateError.path == nil
                ? StateError(stateError.code, stateError.message, path: path, underlying: stateError.underlying)
                : stateError
            return
        }
        if let invalid = error as? InvalidRecord {
            self.init(
                .invalidRecord,
                "cannot \(action): the run database \(path) holds a record this version of Risa cannot "
                    + "read (\(invalid.message)); it may have been written by a newer Risa",
                path: path)
            return
        }
        guard let databaseError = error as? DatabaseError else {
            if error is RowDecodingError {
                self.init(
                    .invalidRecord,
                    "cannot \(action): the run database \(path) has a column of an unexpected type; "
                        + "it may have been written by a newer Risa",
                    path: path, underlying: error)
            } else {
                self.init(.database, "cannot \(action) (run database \(path))", path: path, underlying: error)
            }
            return
        }
        let (code, message): (Code, String)
        switch databaseError.extendedResultCode {
        case .SQLITE_CONSTRAINT_FOREIGNKEY:
            (code, message) = (
                .missingParent,
                "cannot \(action) (run database \(path)): the record refers to a run or step "
                    + "that is not recorded; record the run (createRun) and its steps (saveSteps) first"
            )
        case .SQLITE_READONLY:
            (code, message) = (
                .readOnly,
                "cannot \(action): the run database \(path) is read-only; make the file, its -wal and "
                    + "-shm companions and their folder writable, or run Risa from a writable copy of "
                    + "the project"
            )
        case .SQLITE_CORRUPT, .SQLITE_NOTADB:
            (code, message) = (
                .corrupt,
                "cannot \(action): \(path) is damaged or is not an SQLite database; it only holds run "
                    + "history, so move it aside (mv \(path) \(path).broken) and Risa will start a new one"
            )
        case .SQLITE_BUSY, .SQLITE_LOCKED:
            (code, message) = (
                .busy,
                "cannot \(action): another process kept the run database \(path) locked for more than "
                    + "\(busyTimeout) s; wait for the other risa process to finish, or stop it"
            )
        case .SQLITE_CANTOPEN, .SQLITE_PERM:
            (code, message) = (
                .cannotOpen,
                "cannot \(action): the run database \(path) cannot be opened; check that its folder "
                    + "exists and is accessible and that the path is a file, not a folder"
            )
        case .SQLITE_FULL:
            (code, message) = (
                .diskFull,
                "cannot \(action): the disk holding the run database \(path) is full; free some space "
                    + "(risa cache gc removes unused cache entries)"
            )
        default:
            (code, message) = (.database, "cannot \(action) (run database \(path))")
        }
        self.init(code, message, path: path, underlying: databaseError)
    }
}

/// A stored value this code cannot interpret (an unknown status, malformed JSON, a bad digest);
/// becomes a `StateError` `.invalidRecord` naming the database.
struct InvalidRecord: Error {
    let message: String
}

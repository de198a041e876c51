import Foundation

/// An error from the run-record store: what kind of failure, a message a user can act on (naming the
/// database file where there is one), and the error that caused it.
///
/// ```swift
/// do {
///     let store = try SQLiteRunRecordStore(path: ".risa/state.db")
/// } catch let error as StateError where error.code == .corrupt {
///     print(error)  // says which file is damaged and what to do about it
/// }
/// ```
public struct StateError: Error, Sendable, CustomStringConvertible {
    /// The kinds of failure, stable enough for callers to branch on.
    public enum Code: String, Sendable {
        /// The database file could not be opened or created (missing folder, not a file, no access).
        case cannotOpen
        /// The database or its folder cannot be written.
        case readOnly
        /// The file is damaged or is not an SQLite database.
        case corrupt
        /// Another process kept the database locked for longer than the busy timeout.
        case busy
        /// The disk holding the database is full.
        case diskFull
        /// No record has the given id.
        case notFound
        /// A run-id prefix matches more than one run.
        case ambiguousPrefix
        /// A run with the same id is already recorded.
        case duplicateRun
        /// A record refers to a run or step that has not been recorded.
        case missingParent
        /// A stored record could not be read back (unknown status, malformed JSON, bad digest).
        case invalidRecord
        /// An argument was out of range (empty prefix, negative limit).
        case invalidArgument
        /// Any other database failure.
        case database
    }

    /// What kind of failure this is.
    public let code: Code
    /// What happened and what to do about it, in words for a user.
    public let message: String
    /// The database file involved, when there is one.
    public let path: String?
    /// The error that caused this one (a GRDB `DatabaseError`, a decoding error), when there is one.
    public let underlying: (any Error)?

    /// Creates an error.
    /// - Parameters:
    ///   - code: The kind of failure.
    ///   - message: A message a user can act on.
    ///   - path: The database file involved.
    ///   - underlying: The error that caused this one.
    public init(_ code: Code, _ message: String, path: String? = nil, underlying: (any Error)? = nil) {
        self.code = code
        self.message = message
        self.path = path
        self.underlying = underlying
    }

    /// The message, followed by the underlying error when there is one.
    public var description: String {
        guard let underlying else { return message }
        return "\(message) (\(underlying))"
    }
}

import Foundation
import GRDB
import RisaCore

/// How Swift values map to column values: one place for the storage conventions listed in
/// `StateSchema`.
enum ColumnCoding {
    /// Milliseconds since 1970 (UTC), rounded.
    static func milliseconds(_ date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 * 1000).rounded())
    }

    static func milliseconds(_ date: Date?) -> Int64? {
        date.map { milliseconds($0) }
    }

    /// Whole milliseconds of a duration (truncated).
    static func milliseconds(_ duration: Duration?) -> Int64? {
        guard let duration else { return nil }
        let (seconds, attoseconds) = duration.components
        return seconds * 1000 + attoseconds / 1_000_000_000_000_000
    }

    static func json(_ value: Value) -> String {
        CanonicalJSON.string(value)
    }

    static func date(_ row: Row, _ column: String) throws -> Date {
        Date(timeIntervalSince1970: Double(try row.decode(Int64.self, forColumn: column)) / 1000)
    }

    static func optionalDate(_ row: Row, _ column: String) throws -> Date? {
        try row.decode(Int64?.self, forColumn: column).map { Date(timeIntervalSince1970: Double($0) / 1000) }
    }

    static func optionalDuration(_ row: Row, _ column: String) throws -> Duration? {
        try row.decode(Int64?.self, forColumn: column).map { .milliseconds($0) }
    }

    static func value(_ row: Row, _ column: String) throws -> Value {
        let text = try row.decode(String.self, forColumn: column)
        do {
            return try CanonicalJSON.parse(text)
        } catch {
            throw InvalidRecord(message: "column \(column) is not JSON: \(error)")
        }
    }

    static func status<Status: RawRepresentable<String>>(
        _ type: Status.Type, _ row: Row, _ column: String
    ) throws -> Status {
        let text = try row.decode(String.self, forColumn: column)
        guard let status = Status(rawValue: text) else {
            throw InvalidRecord(message: "unknown \(column) '\(text)'")
        }
        return status
    }

    static func digest(_ row: Row, _ column: String) throws -> Digest {
        guard let digest = try optionalDigest(row, column) else {
            throw InvalidRecord(message: "column \(column) is empty")
        }
        return digest
    }

    static func optionalDigest(_ row: Row, _ column: String) throws -> Digest? {
        guard let text = try row.decode(String?.self, forColumn: column) else { return nil }
        guard let digest = Digest(text) else {
            throw InvalidRecord(message: "column \(column) holds '\(text)', not a sha256 digest")
        }
        return digest
    }
}

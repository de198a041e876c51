import Foundation

/// The id of a run: `yyyyMMdd-HHmmss-xxxxxx`, its start time in UTC followed by six random hex digits.
///
/// Ids sort by start time (to the second) as plain text, read well in listings, and can be shortened
/// to any unambiguous prefix, like git commit ids.
public struct RunID: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The id text.
    public let rawValue: String

    /// Wraps an id text as stored or typed by a user (no check of its form: old ids stay readable).
    public init(_ rawValue: String) {
        self.rawValue = rawValue
    }

    /// A new id for a run started at `date`.
    /// - Parameters:
    ///   - date: The start of the run; its UTC time to the second begins the id.
    ///   - generator: The source of the six random hex digits that keep ids of the same second apart.
    public static func make(
        startedAt date: Date, using generator: inout some RandomNumberGenerator
    ) -> RunID {
        let time = utcCalendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        let stamp = String(
            format: "%04d%02d%02d-%02d%02d%02d", time.year ?? 0, time.month ?? 0, time.day ?? 0,
            time.hour ?? 0, time.minute ?? 0, time.second ?? 0)
        let suffix = String(format: "%06x", UInt32.random(in: 0...0xff_ffff, using: &generator))
        return RunID("\(stamp)-\(suffix)")
    }

    /// A new id for a run started at `date`, with system randomness.
    public static func make(startedAt date: Date) -> RunID {
        var generator = SystemRandomNumberGenerator()
        return make(startedAt: date, using: &generator)
    }

    /// The id text.
    public var description: String { rawValue }

    /// Orders ids as text, which is start-time order to the second.
    public static func < (lhs: RunID, rhs: RunID) -> Bool { lhs.rawValue < rhs.rawValue }

    private static let utcCalendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }()
}

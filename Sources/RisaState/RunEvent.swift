import Foundation
import RisaCore

/// An engine event to append to a run's log (`step.started`, `item.failed`, ...).
public struct RunEvent: Hashable, Sendable {
    /// When it happened.
    public var timestamp: Date
    /// What kind of event it is, a dotted name.
    public var kind: String
    /// The event's data.
    public var payload: Value

    /// Creates an event.
    public init(timestamp: Date, kind: String, payload: Value = .null) {
        self.timestamp = timestamp
        self.kind = kind
        self.payload = payload
    }
}

/// An event as stored: the event with its run and its place in the run's log.
public struct EventRecord: Hashable, Sendable {
    /// The run.
    public var runID: RunID
    /// Its position in the run's event log, from 1, without gaps.
    public var sequence: Int
    /// The event.
    public var event: RunEvent

    /// Creates an event record.
    public init(runID: RunID, sequence: Int, event: RunEvent) {
        self.runID = runID
        self.sequence = sequence
        self.event = event
    }
}

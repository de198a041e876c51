import Foundation
import RisaCore

/// One execution of a pipeline, as recorded in the run database.
///
/// Times are kept to the millisecond: a `Date` read back equals the one written, rounded to whole
/// milliseconds since 1970.
public struct RunRecord: Hashable, Sendable {
    /// The run's id.
    public var id: RunID
    /// The pipeline's name.
    public var pipelineName: String
    /// The pipeline file, as the user named it (normally relative to the project).
    public var pipelinePath: String
    /// The resolved pipeline parameters, with secrets already redacted by the caller.
    public var params: Value
    /// When the run started.
    public var startedAt: Date
    /// When the run ended, once it has.
    public var finishedAt: Date?
    /// Where the run stands.
    public var status: RunStatus
    /// The git checkout the run came from, when known (may be filled in after the run starts).
    public var git: GitInfo?
    /// The version of Risa that ran it.
    public var risaVersion: String
    /// A fingerprint of the environment (tool versions, platform) that went into the run's cache keys.
    public var environmentFingerprint: String
    /// Totals and other facts about the finished run (free form; `.null` until it ends).
    public var summary: Value
    /// The process executing the run, so that a later process can tell whether it died.
    public var process: ProcessIdentity?

    /// Creates a run record.
    /// - Parameters:
    ///   - id: The run's id, normally `RunID.make(startedAt:)`.
    ///   - pipelineName: The pipeline's name.
    ///   - pipelinePath: The pipeline file.
    ///   - params: Resolved parameters, secrets redacted.
    ///   - startedAt: The start time.
    ///   - finishedAt: The end time, once there is one.
    ///   - status: Where the run stands; `running` for a new run.
    ///   - git: The git checkout, when known.
    ///   - risaVersion: Risa's version.
    ///   - environmentFingerprint: The environment fingerprint.
    ///   - summary: Facts about the finished run.
    ///   - process: The process executing the run, normally `ProcessIdentity.current()`.
    public init(
        id: RunID, pipelineName: String, pipelinePath: String, params: Value = .map([:]),
        startedAt: Date, finishedAt: Date? = nil, status: RunStatus = .running, git: GitInfo? = nil,
        risaVersion: String, environmentFingerprint: String, summary: Value = .null,
        process: ProcessIdentity? = nil
    ) {
        self.id = id
        self.pipelineName = pipelineName
        self.pipelinePath = pipelinePath
        self.params = params
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.status = status
        self.git = git
        self.risaVersion = risaVersion
        self.environmentFingerprint = environmentFingerprint
        self.summary = summary
        self.process = process
    }
}

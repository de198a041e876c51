import Foundation

/// Where a run reads and writes, and how it runs.
public struct EngineConfiguration: Sendable {
    /// The project root (relative paths in pipelines are read from here).
    public var projectRoot: URL
    /// Where outputs are published for people (`out/` of the project by default).
    public var outputDirectory: URL
    /// The pipeline file as the user named it.
    public var pipelinePath: String
    /// Job slots: steps and child processes running at once.
    public var jobs: Int
    /// GPUs the scheduler may hand out.
    public var gpus: Int
    /// Memory bytes the scheduler may hand out.
    public var memory: Int64
    /// Keep running what does not depend on a failed step.
    public var keepGoing: Bool
    /// Run only these steps (and what they need).
    public var only: [String]
    /// Run from this step on: it re-executes, and so does everything after it that changes.
    public var from: String?
    /// Re-execute these steps, ignoring the cache.
    public var force: [String]
    /// Never read the cache (outputs are still stored).
    public var noCache: Bool
    /// Variables `env.NAME` reads.
    public var environment: [String: String]
    /// Values `secrets.NAME` reads; never printed, logged or stored.
    public var secrets: [String: String]
    /// Versions of native libraries, by name, for the cache keys of steps that use them (and the
    /// run record, which lists those of the run's steps).
    public var libraryVersions: LibraryVersions
    /// Risa's version, for run records.
    public var risaVersion: String
    /// Steps whose results are only taken from the cache, never executed: on a miss they fail.
    /// `risa verify` replays the steps that are not deterministic this way, from their recorded
    /// outputs, instead of running them again.
    public var replayOnly: Set<String> = []

    /// Creates a configuration with defaults for everything but the paths.
    public init(
        projectRoot: URL, outputDirectory: URL, pipelinePath: String,
        jobs: Int = ProcessInfo.processInfo.activeProcessorCount,
        gpus: Int = 0, memory: Int64 = Int64(ProcessInfo.processInfo.physicalMemory), keepGoing: Bool = false,
        only: [String] = [], from: String? = nil, force: [String] = [], noCache: Bool = false,
        environment: [String: String] = [:], secrets: [String: String] = [:],
        libraryVersions: LibraryVersions = LibraryVersions([:]),
        risaVersion: String = "dev"
    ) {
        self.projectRoot = projectRoot
        self.outputDirectory = outputDirectory
        self.pipelinePath = pipelinePath
        self.jobs = max(1, jobs)
        self.gpus = gpus
        self.memory = memory
        self.keepGoing = keepGoing
        self.only = only
        self.from = from
        self.force = force
        self.noCache = noCache
        self.environment = environment
        self.secrets = secrets
        self.libraryVersions = libraryVersions
        self.risaVersion = risaVersion
    }
}

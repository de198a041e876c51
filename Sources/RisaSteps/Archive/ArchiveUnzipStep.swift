import Foundation
import RisaArchive
import RisaCore
import RisaModel

/// `archive.unzip`: extracts a ZIP safely into a folder.
public struct ArchiveUnzipStep: ActionStepImplementation {
    public var spec: StepTypeSpec { Self.spec }

    /// The registry entry.
    public static let spec = StepTypeSpec(
        name: "archive.unzip",
        version: 1,
        summary: "Extract a ZIP into a folder, refusing path traversal, links, encryption and zip bombs.",
        details: """
            The whole archive is checked before anything is written: entries that climb out of the folder (`../`), \
            absolute paths, drive letters, backslash tricks, symbolic links, duplicate names, encrypted entries and \
            unknown methods are refused with an error naming the entry, as are archives above the limits (entry \
            count, total size, compression ratio). Every file's CRC is checked as it is written; files come out \
            with mode 0644, and nothing is visible unless the whole archive extracted.
            """,
        arguments: [
            ArgumentSpec("archive", .file, required: true, "The ZIP file."),
            ArgumentSpec("max_entries", .int, default: .int(100_000), "Refuse archives with more entries."),
            ArgumentSpec(
                "max_bytes", .int, default: .int(64 << 30), "Refuse archives whose files add up to more bytes."),
            ArgumentSpec(
                "max_ratio", .int, default: .int(250),
                "Refuse entries that expand more than this many times (zip bombs)."),
        ],
        outputs: .fixed([OutputSpec("files", .files, "The extracted files.")]),
        deterministic: true)

    /// Creates the step.
    public init() {}

    public func execute(_ invocation: StepInvocation) async throws -> [String: ProducedOutput] {
        guard let archive = invocation.arguments["archive"]?.stringValue else {
            throw StepFailure("steps.\(invocation.stepId).with.archive: a ZIP file is required", retryable: false)
        }
        var limits = ExtractionLimits()
        func positive(_ name: String) throws -> Int? {
            guard let value = invocation.arguments[name]?.intValue else { return nil }
            guard value > 0 else {
                throw StepFailure(
                    "steps.\(invocation.stepId).with.\(name): must be above 0, got \(value)", retryable: false)
            }
            return value
        }
        if let entries = try positive("max_entries") { limits.maximumEntryCount = entries }
        if let bytes = try positive("max_bytes") { limits.maximumTotalBytes = UInt64(bytes) }
        if let ratio = try positive("max_ratio") { limits.maximumCompressionRatio = UInt64(ratio) }
        do {
            let summary = try ZipExtractor.extract(
                archive, to: invocation.outputDirectory.path + "/files", limits: limits)
            invocation.log(.info, "\(summary.fileCount) files, \(summary.totalBytes) bytes")
        } catch {
            throw StepFailure("\((archive as NSString).lastPathComponent): \(error)", retryable: false)
        }
        return ["files": .directory("files")]
    }
}

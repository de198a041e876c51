import Foundation
import RisaArchive
import RisaCore
import RisaModel

/// `archive.zip`: a deterministic ZIP of a set, a folder or a dataset, byte-identical for the same
/// content.
public struct ArchiveZipStep: ActionStepImplementation {
    public var spec: StepTypeSpec { Self.spec }

    /// The registry entry.
    public static let spec = StepTypeSpec(
        name: "archive.zip",
        version: 1,
        summary: "Pack a set, folder or dataset into a deterministic ZIP (byte-identical for the same content).",
        details: """
            Entries are sorted by path, dated 1980-01-01 00:00 with mode 0644 and no extra fields; already compressed \
            files (jpg, png, webp, gif, mp4, zip, safetensors, ...) are stored, others deflated at `level` unless that \
            saves less than 5%. ZIP64 records are written only when a size, an offset or the entry count needs them. \
            The same files give the same bytes with the same zlib (its version is part of the cache key). The archive \
            is written beside its final place and renamed, so a half-written archive is never visible.
            """,
        arguments: [
            ArgumentSpec(
                "files", .files, required: true, "What to pack: an item set, a folder, a dataset or one file."),
            ArgumentSpec("name", .string, default: .string("archive.zip"), "The archive's file name."),
            ArgumentSpec(
                "prefix", .string, default: .string(""),
                "A folder inside the archive to put every entry under (e.g. 'dataset/')."),
            ArgumentSpec(
                "level", .int, default: .int(6), "Deflate level for compressible files, 1 (fast) to 9 (small)."),
        ],
        outputs: .fixed([OutputSpec("archive", .archive, "The ZIP file.")]),
        deterministic: true,
        libraries: ["zlib"])

    /// Creates the step.
    public init() {}

    public func execute(_ invocation: StepInvocation) async throws -> [String: ProducedOutput] {
        let at = "steps.\(invocation.stepId).with"
        let name = invocation.arguments["name"]?.stringValue ?? "archive.zip"
        guard !name.isEmpty, !name.contains("/"), name != ".", name != ".." else {
            throw StepFailure("\(at).name: a plain file name is required, got '\(name)'", retryable: false)
        }
        var prefix = invocation.arguments["prefix"]?.stringValue ?? ""
        if !prefix.isEmpty, !prefix.hasSuffix("/") { prefix += "/" }
        let level = invocation.arguments["level"]?.intValue ?? 6
        guard (1...9).contains(level) else {
            throw StepFailure("\(at).level: expected 1 to 9, got \(level)", retryable: false)
        }
        let entries = try invocation.itemSets("files").map { ZipEntry.file(prefix + $0.name, from: $0.path) }
        guard !entries.isEmpty else {
            throw StepFailure("\(at).files: there is nothing to pack (the set is empty)", retryable: false)
        }
        var options = ZipWriterOptions()
        options.compressionLevel = level
        do {
            let summary = try ZipWriter.write(
                entries, to: invocation.outputDirectory.path + "/" + name, options: options)
            invocation.log(
                .info,
                "\(summary.entryCount) entries (\(summary.storedCount) stored, \(summary.deflatedCount) deflated), "
                    + "\(summary.uncompressedBytes) bytes -> \(summary.archiveBytes)\(summary.usesZip64 ? ", ZIP64" : "")"
            )
        } catch {
            throw StepFailure("cannot write \(name): \(error)", retryable: error.code == .io || error.code == .diskFull)
        }
        return ["archive": .file(name)]
    }
}

import Foundation
import RisaCore
import RisaMedia
import RisaModel

/// `media.import`: files and folders into an `images` and a `videos` item set, described from
/// their content, with sidecar tags, identical files merged.
public struct MediaImportStep: ActionStepImplementation {
    public var spec: StepTypeSpec { Self.spec }

    /// The registry entry.
    public static let spec = StepTypeSpec(
        name: "media.import",
        version: 2,
        summary: "Import image and video files and folders into `images` and `videos` sets, with sidecar tags.",
        details: """
            `paths` lists files and folders (folders are read recursively; their content is part of the cache key) \
            and glob patterns (`photos/*.jpg`, `shoots/*/raw`: `*`, `?` and `[...]` within a path component), each \
            standing for the files and folders it matches, in path order (a pattern that matches nothing is an \
            error; what it matches is part of the cache key, so a new matching file imports again). \
            `include` keeps only files whose path relative to its folder, or whose name, matches one of the glob \
            patterns (`*.jpg`, `clips/*.mp4`; `*` also crosses `/`). A ZIP archive, given or found in a folder, is \
            extracted safely (no path traversal, links or zip bombs) and its files are imported in its place, named \
            by their path inside it (behind the archive's path without `.zip` when found in a folder), with the \
            source path `ARCHIVE!ENTRY`; an archive that cannot be extracted is a failed file like any other (nested \
            archives are not opened). Each file is recognised from its content: JPEG, PNG, \
            WebP, GIF, BMP, TIFF are images (an animated GIF is a video); anything libavformat decodes is a video. \
            Item names are paths relative to the folder given (a file given directly: its name); a file whose \
            extension names another format is imported under its real format (renamed, with a warning). Metadata: \
            `format`, `width`, `height` (upright for images, display size for videos), `box` (the full frame), \
            `source` {path, digest}, for videos `duration`, `fps` and `codec`; from sidecars (`<stem>.txt` / \
            `.caption`: comma-separated tags, `namespace:tag` gives the category; `<file>.json` / `<stem>.json`: \
            Danbooru's `tag_string_*` fields and `rating`) `tags` (source `sidecar`) and `artist`. \
            Files with identical bytes are imported once (the first in order); the others are listed in `report`, in \
            the log and in the kept item's `duplicates` (their paths). Empty, corrupt, unsupported or oversized \
            files (decompression bombs: more than 16384 pixels a side or 100 megapixels) fail the step with every \
            such file and its reason, unless `skip_bad: true`, which leaves them out and lists them in `report`. \
            Sidecar files (`.txt`, `.caption`, `.json`) are never imported as media.
            """,
        arguments: [
            ArgumentSpec(
                "paths", .list(.files), required: true, "Files, folders and glob patterns (`photos/*.jpg`) to import."),
            ArgumentSpec(
                "include", .list(.string), default: .list([]), "Glob patterns; only matching files are imported."),
            ArgumentSpec(
                "skip_bad", .bool, default: .bool(false), "Leave bad files out (listed in `report`) instead of failing."
            ),
        ],
        outputs: .fixed([
            OutputSpec("images", .images, "The images."),
            OutputSpec("videos", .videos, "The videos."),
            OutputSpec("report", .file, "import.json: duplicates, failures and warnings."),
        ]),
        deterministic: true,
        libraries: MediaSupport.videoLibraries)

    /// Creates the step.
    public init() {}

    public func execute(_ invocation: StepInvocation) async throws -> [String: ProducedOutput] {
        let arguments = MediaArguments(invocation)
        let skipBad = try arguments.bool("skip_bad") ?? false
        let roots: [String]
        switch invocation.arguments["paths"] ?? .null {
        case .list(let items): roots = items.compactMap(\.stringValue)
        case .string(let one): roots = [one]
        default: throw arguments.failure("paths", "give a list of files and folders")
        }
        let patterns = (invocation.arguments["include"]?.listValue ?? []).compactMap(\.stringValue)
        let (files, archiveFailures) = try MediaScanner.files(
            roots, projectRoot: invocation.projectRoot, include: patterns, scratch: { try invocation.scratch.url() })
        let jobs = max(1, ProcessInfo.processInfo.activeProcessorCount)
        let results = try await MediaScanner.inspect(files, jobs: jobs)

        var images: [ProducedItem] = []
        var videos: [ProducedItem] = []
        var positions: [Int: (image: Bool, at: Int)] = [:]
        var pathByName: [String: String] = [:]
        var failures = archiveFailures
        var warnings: [String] = []
        var firstByDigest: [Digest: Int] = [:]
        var duplicates: [Int: [String]] = [:]
        for (index, (file, result)) in zip(files, results).enumerated() {
            switch result {
            case .failure(let message):
                failures.append(message)
            case .success(let inspected):
                warnings += inspected.warnings
                if let first = firstByDigest[inspected.digest] {
                    duplicates[first, default: []].append(file.sourcePath)
                    invocation.log(
                        .info, "\(file.sourcePath) has the same bytes as \(files[first].sourcePath); imported once")
                    continue
                }
                if let other = pathByName.updateValue(file.sourcePath, forKey: inspected.name) {
                    failures.append(
                        "\(file.sourcePath): its item name \(inspected.name) is already taken by \(other); "
                            + "list the folder that holds both, or rename one")
                    continue
                }
                firstByDigest[inspected.digest] = index
                let item = ProducedItem(
                    reusing: InputItem(
                        name: inspected.name, file: file.url, digest: inspected.digest, size: inspected.size,
                        metadata: [:]),
                    metadata: inspected.metadata)
                if inspected.kind == .image {
                    images.append(item)
                    positions[index] = (true, images.count - 1)
                } else {
                    videos.append(item)
                    positions[index] = (false, videos.count - 1)
                }
            }
        }
        for (first, paths) in duplicates {
            guard let position = positions[first] else { continue }
            let value: Value = .list(paths.map { .string($0) })
            if position.image {
                images[position.at].metadata["duplicates"] = value
            } else {
                videos[position.at].metadata["duplicates"] = value
            }
        }
        for warning in warnings { invocation.log(.stderr, "warning: \(warning)") }
        if !failures.isEmpty {
            if !skipBad {
                throw StepFailure(
                    "\(failures.count) file\(failures.count == 1 ? "" : "s") cannot be imported (skip_bad: true leaves them out):\n"
                        + failures.joined(separator: "\n"), retryable: false)
            }
            for failure in failures { invocation.log(.stderr, "skipped \(failure)") }
        }
        let report: Value = .map([
            "images": .int(images.count), "videos": .int(videos.count),
            "duplicates": .list(
                duplicates.keys.sorted().map { first in
                    .map([
                        "kept": .string(files[first].sourcePath),
                        "duplicates": .list(duplicates[first]!.map { .string($0) }),
                    ])
                }),
            "failed": .list(failures.map { .string($0) }),
            "warnings": .list(warnings.map { .string($0) }),
        ])
        try FileWriter.write(
            Array(CanonicalJSON.pretty(report).utf8) + [10],
            to: invocation.outputDirectory.appendingPathComponent("import.json").path)
        invocation.log(
            .info,
            "imported \(images.count) images and \(videos.count) videos"
                + (duplicates.isEmpty ? "" : ", \(duplicates.values.map(\.count).reduce(0, +)) duplicate files merged")
                + (failures.isEmpty ? "" : ", \(failures.count) bad files skipped"))
        return ["images": .items(images), "videos": .items(videos), "report": .file("import.json")]
    }
}

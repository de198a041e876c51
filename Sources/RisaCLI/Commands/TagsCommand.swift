import ArgumentParser
import Foundation
import RisaCore
import RisaDataset
import RisaState
import RisaStore
import RisaTags

/// `risa tags`: tag statistics, and the export / edit / feed-back loop of per-image tags.
struct TagsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tags",
        abstract: "Tag statistics, and per-image tag tables to fix tags in a spreadsheet.",
        discussion: """
            The loop: `risa tags export RUN --step S -o tags.csv`, edit tags.csv, check the edits with \
            `risa tags apply tags.csv --run RUN --step S`, then add a tags.import step with `table: tags.csv` right \
            after step S (so later steps, not the tagger, see the edits); the table is a pipeline input, keyed by \
            content like any other.
            """,
        subcommands: [TagsStatsCommand.self, TagsExportCommand.self, TagsApplyCommand.self])
}

/// Reads the tagged items of a run's step output, or of a dataset folder.
enum TaggedItems {
    /// The items of output `output` of step `step` in run `run` (an id or unique prefix) of the
    /// project at `root` (by default the one holding the current folder).
    static func fromRun(
        _ run: String, step: String, output: String,
        root: URL = ProjectRoot.find(startingAt: URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
    ) async throws -> [TaggedImage] {
        guard let project = try ProjectState.openExisting(root: root) else {
            throw CommandFailure.invalid("this project has no runs (no \(ProjectState.directory(root: root).path))")
        }
        let detail = try await project.records.run(matching: run)
        guard let record = detail.steps.first(where: { $0.stepID == step }) else {
            let steps = detail.steps.map(\.stepID).sorted().joined(separator: ", ")
            throw CommandFailure.invalid("run \(detail.run.id.rawValue) has no step '\(step)' (steps: \(steps))")
        }
        guard let produced = record.outputs[output] else {
            let outputs = record.outputs.keys.sorted().joined(separator: ", ")
            throw CommandFailure.invalid("step '\(step)' has no output '\(output)' (outputs: \(outputs)); use --output")
        }
        let set: ItemSet
        do {
            set = try project.store.itemSet(produced.digest)
        } catch {
            throw CommandFailure.invalid("output '\(output)' of step '\(step)' is not an item set with tags: \(error)")
        }
        return try set.items.map { item in
            do {
                return TaggedImage(image: item.name, tags: try TagMetadata.tags(in: item.metadata))
            } catch let error as TagsError {
                throw CommandFailure(message: "\(item.name): \(error.message)", status: ExitStatus.failed)
            }
        }
    }

    /// The captions of a dataset folder as tags: from `manifest.json` when there is one, else from
    /// the caption files of its `N_name` subset folders. A caption's tag takes its category from the
    /// tags the manifest records for the image; without a manifest (or a tag it does not list) a tag
    /// is general unless its text names one (`character:alice`).
    static func fromDataset(_ folder: String) throws -> [TaggedImage] {
        let manifestPath = folder + "/manifest.json"
        if let data = FileManager.default.contents(atPath: manifestPath) {
            let manifest: DatasetManifest
            do {
                manifest = try DatasetManifest(value: try CanonicalJSON.parse(data))
            } catch {
                throw CommandFailure.invalid("\(manifestPath): \(error)")
            }
            // The keep-tokens marker separates tags like a comma does.
            let marker = manifest.metadata["keep_tokens_separator"]?.stringValue
            return manifest.entries.sorted { $0.path < $1.path }.map { entry in
                var caption = entry.caption ?? ""
                if let marker, !marker.isEmpty { caption = caption.replacingOccurrences(of: marker, with: ",") }
                let categories = Dictionary(entry.tags.map { ($0.name, $0.category) }) { first, _ in first }
                let tags = CaptionFile.tags(from: caption).map { tag in
                    categories[tag.name].map { Tag(tag.name, category: $0) } ?? tag
                }
                return TaggedImage(image: entry.path, tags: tags)
            }
        }
        do {
            let scan = try KohyaFolder.scan(root: folder)
            return scan.subsets.flatMap { subset in
                subset.items.map {
                    TaggedImage(image: subset.name + "/" + ($0.imagePath as NSString).lastPathComponent, tags: $0.tags)
                }
            }
        } catch let error as TagsError {
            throw CommandFailure.invalid(error.message)
        }
    }
}

/// `risa tags stats DATASET_OR_RUN`.
struct TagsStatsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats",
        abstract: "Tag frequencies per category of a dataset folder or of a run's step output.",
        discussion: """
            TARGET is a dataset folder (its manifest.json, or its N_name subsets' caption files) or a run id (with \
            --step: the tags in the items' metadata, with their categories). Prints the most frequent tags of each \
            category and saves the whole count as JSON with --save FILE.
            """)

    @Argument(help: "A dataset folder, or a run id or unique prefix.")
    var target: String

    @Option(help: "The step whose output to count (for a run).")
    var step: String?

    @Option(help: "The step's item-set output.")
    var output = "images"

    @Option(help: "How many tags to print per category.")
    var top = 20

    @Option(help: "Also write the full statistics as JSON to this file.")
    var save: String?

    @Flag(help: "Print JSON instead of text.")
    var json = false

    func run() async throws {
        var isDirectory: ObjCBool = false
        let images: [TaggedImage]
        if FileManager.default.fileExists(atPath: target, isDirectory: &isDirectory), isDirectory.boolValue {
            images = try TaggedItems.fromDataset(target)
        } else {
            guard let step else { throw CommandFailure.invalid("'\(target)' is not a folder; for a run give --step") }
            images = try await TaggedItems.fromRun(target, step: step, output: output)
        }
        let statistics = TagStatistics(items: images.map(\.tags))
        let document = CanonicalJSON.pretty(statistics.value)
        if let save { try AtomicText.write(document, to: save) }
        if json {
            print(document, terminator: "")
            return
        }
        print("\(statistics.itemCount) images")
        for category in TagCategory.allCases {
            let entries = statistics.top(category)
            guard !entries.isEmpty else { continue }
            print("\n\(category.rawValue) (\(entries.count) tags)")
            for entry in entries.prefix(top) {
                let share = statistics.itemCount == 0 ? 0 : 100 * Double(entry.count) / Double(statistics.itemCount)
                print(String(format: "  %6d  %5.1f%%  ", entry.count, share) + entry.name)
            }
        }
    }
}

/// `risa tags export RUN --step S`.
struct TagsExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write the per-image tags of a run's step output as a CSV or JSON tag table.")

    @Argument(help: "A run id or unique prefix.")
    var run: String

    @Option(help: "The step whose output to export.")
    var step: String

    @Option(help: "The step's item-set output.")
    var output = "images"

    @Option(help: "csv or json (default: from the file's extension, else csv).")
    var format: String?

    @Option(name: .shortAndLong, help: "The file to write (default: standard output).")
    var outputFile: String?

    func run() async throws {
        let images = try await TaggedItems.fromRun(run, step: step, output: output)
        let chosen = format ?? (outputFile?.lowercased().hasSuffix(".json") == true ? "json" : "csv")
        guard chosen == "csv" || chosen == "json" else {
            throw CommandFailure.invalid("--format: csv or json, not \(chosen)")
        }
        let text = chosen == "json" ? TagTable.json(images) : TagTable.csv(images)
        guard let outputFile else {
            print(text, terminator: "")
            return
        }
        try AtomicText.write(text, to: outputFile)
        Terminal.writeError("\(images.count) images written to \(outputFile)\n")
    }
}

/// `risa tags apply FILE --run RUN --step S`: what an edited table changes, as a dry run.
struct TagsApplyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "apply",
        abstract: "Show what an edited tag table changes against a run's items (a dry run), and how to use it.",
        discussion: """
            Nothing is written: the table becomes part of the pipeline as `table: FILE` of a tags.import step placed \
            after the step it was exported from, so the edits are an input of the run (cached by content) rather than \
            a change to stored results.
            """)

    @Argument(help: "The edited tag table (CSV or JSON).")
    var file: String

    @Option(help: "A run id or unique prefix.")
    var run: String

    @Option(help: "The step whose output the table was exported from.")
    var step: String

    @Option(help: "The step's item-set output.")
    var output = "images"

    func run() async throws {
        guard let data = FileManager.default.contents(atPath: file), let text = String(data: data, encoding: .utf8)
        else {
            throw CommandFailure.invalid("cannot read \(file) as UTF-8 text")
        }
        let edited: [TaggedImage]
        do {
            let isJSON = file.lowercased().hasSuffix(".json") || text.drop { $0.isWhitespace }.hasPrefix("{")
            edited = isJSON ? try TagTable.parseJSON(text, name: file) : try TagTable.parseCSV(text, name: file)
        } catch let error as TagsError {
            throw CommandFailure.invalid(error.message)
        }
        let current = Dictionary(
            try await TaggedItems.fromRun(run, step: step, output: output).map { ($0.image, $0.tags) },
            uniquingKeysWith: { first, _ in first })
        let diff = TagTableDiff(edited: edited, current: current)
        for line in diff.lines { print(line) }
        print("\(diff.changed) of \(edited.count) images change")
        if !diff.missing.isEmpty {
            print(
                "\(diff.missing.count) images of the table are not in \(step).\(output): "
                    + diff.missing.prefix(10).joined(separator: ", "))
        }
        print(
            """
            To use the edits, add a step after '\(step)' and read its output where '\(step).\(output)' was read:
              edited:
                uses: tags.import
                with: {images: "${{ steps.\(step).outputs.\(output) }}", table: \(file), source_sidecars: false}
            """)
    }
}

/// What an edited tag table changes against the current tags, one line per changed image:
/// `red.png: +crimson theme -red theme`.
struct TagTableDiff {
    /// One line per changed image, in the table's order.
    private(set) var lines: [String] = []
    /// How many images change.
    var changed: Int { lines.count }
    /// The table's images that are not among the current ones.
    private(set) var missing: [String] = []

    init(edited: [TaggedImage], current: [String: [Tag]]) {
        for image in edited {
            guard let before = current[image.image] else {
                missing.append(image.image)
                continue
            }
            let old = before.map(\.name)
            let new = image.tags.map(\.name)
            guard old != new || before.map(\.category) != image.tags.map(\.category) else { continue }
            let removed = old.filter { !new.contains($0) }
            let added = new.filter { !old.contains($0) }
            var line = image.image + ":"
            if !added.isEmpty { line += " +" + added.joined(separator: " +") }
            if !removed.isEmpty { line += " -" + removed.joined(separator: " -") }
            if added.isEmpty, removed.isEmpty { line += " order or categories changed" }
            lines.append(line)
        }
    }
}

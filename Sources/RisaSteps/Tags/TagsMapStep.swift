import Foundation
import RisaCore
import RisaModel
import RisaTags

/// `tags.map`: applies mapping sets (aliases, implications, removals, blacklists, rewrites,
/// categories, vocabulary, triggers, limits) to the tags of every image.
public struct TagsMapStep: ActionStepImplementation {
    public var spec: StepTypeSpec { Self.spec }

    /// The registry entry.
    public static let spec = StepTypeSpec(
        name: "tags.map",
        version: 2,
        summary: "Map every image's tags through mapping sets (aliases, implications, blacklists, triggers, ...).",
        details: """
            The mapping sets of `mappings` (YAML or JSON files, e.g. `recipes/tags/default.yaml`) and then the inline \
            `map` are compiled once and applied to every item's `tags` in that order (each set to the previous one's \
            output). A set's keys: `underscores`, `rewrites`, `aliases`, `implications`, `remove`, `blacklist`, \
            `categories`, `category_patterns`, `vocabulary`, `unknown`, `triggers`, `max_tags` (see the README, \
            "Tags and datasets"). Alias or implication loops fail the step showing the loop. An item with a \
            blacklisted tag goes to the `rejected` set with the reason (or stays, flagged in the report, when \
            `drop_blacklisted` is off). `report` is a JSON file counting, per tag, what was rewritten, aliased, \
            removed, implied, unknown, dropped by limits, inserted as trigger or blacklisted. Cache: the set and the \
            mapping files' content (they are `file` arguments) and `map` form the key; editing a mapping file re-maps.
            """,
        arguments: [
            ArgumentSpec("images", .images, required: true, "The tagged images."),
            ArgumentSpec(
                "mappings", .list(.file), default: .list([]), "Mapping set files (YAML or JSON), applied in order."),
            ArgumentSpec("map", .json, "An inline mapping set, applied after the files."),
            ArgumentSpec(
                "drop_blacklisted", .bool, default: .bool(true), "Move items with a blacklisted tag to `rejected`."),
        ],
        outputs: .fixed([
            OutputSpec("images", .images, "The images (bytes unchanged) with mapped tags."),
            OutputSpec(
                "rejected", .images, "The images left out for a blacklisted tag, with the reason in `rejected`."),
            OutputSpec("report", .file, "report.json: per tag, what the mapping did and how often."),
        ]),
        deterministic: true)

    /// Creates the step.
    public init() {}

    public func execute(_ invocation: StepInvocation) async throws -> [String: ProducedOutput] {
        let arguments = StepArguments(invocation)
        let mapping = try Self.compile(arguments, projectRoot: invocation.projectRoot)
        let dropBlacklisted = try arguments.bool("drop_blacklisted", default: true)
        let items = try invocation.itemSets("images")
        let clock = ContinuousClock()
        let started = clock.now
        let chunks = try ParallelChunks.map(items) { slice in
            var kept: [ProducedItem] = []
            kept.reserveCapacity(slice.count)
            var rejected: [ProducedItem] = []
            var applier = mapping.applier()
            for item in slice {
                let mapped: TagMapping.MappedItem
                do {
                    mapped = try applier.mapTags(in: item.metadata)
                } catch let error as TagsError {
                    throw StepFailure("\(item.name): \(error.message)", retryable: false)
                }
                var metadata = item.metadata
                metadata[TagMetadata.tagsKey] = mapped.tags
                if mapped.isExcluded, dropBlacklisted {
                    metadata[ItemMetadata.rejected] = .string(
                        "blacklisted: " + mapped.blacklisted.map(\.description).joined(separator: ", "))
                    rejected.append(ProducedItem(reusing: item, metadata: metadata))
                } else {
                    kept.append(ProducedItem(reusing: item, metadata: metadata))
                }
            }
            return (kept, rejected, applier.tally)
        }
        var kept: [ProducedItem] = []
        kept.reserveCapacity(items.count)
        var rejected: [ProducedItem] = []
        var report = MappingReportCounter()
        for chunk in chunks {
            kept += chunk.0
            rejected += chunk.1
            report.tally.merge(chunk.2)
        }
        report.rejected = rejected.count
        report.sources = mapping.sources
        try FileWriter.write(
            Array(CanonicalJSON.pretty(report.value).utf8), to: invocation.outputDirectory.path + "/report.json")
        invocation.log(.info, report.summary + "; mapped in \(Self.seconds(clock.now - started)) s")
        return ["images": .items(kept), "rejected": .items(rejected), "report": .file("report.json")]
    }

    /// `duration` in seconds with three decimals, for log lines.
    static func seconds(_ duration: Duration) -> String {
        String(format: "%.3f", Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18)
    }

    /// The mapping of the `mappings` files and the inline `map`, in that order.
    static func compile(_ arguments: StepArguments, projectRoot: URL) throws -> TagMapping {
        var sets: [TagMapping] = []
        for (index, path) in try arguments.strings("mappings").enumerated() {
            let name = TagSupport.relative(path, to: projectRoot)
            let value = try readMappingFile(path: path, name: name, argument: "mappings[\(index)]", arguments)
            sets.append(try compileSet(value, source: name, arguments))
        }
        if let inline = arguments.values["map"], inline != .null {
            sets.append(try compileSet(inline, source: "steps.\(arguments.stepId).with.map", arguments))
        }
        guard !sets.isEmpty else { throw arguments.fail("mappings", "give mapping files, an inline map, or both") }
        return TagMapping.combined(sets)
    }

    private static func compileSet(_ value: Value, source: String, _ arguments: StepArguments) throws -> TagMapping {
        do {
            return try TagMapping.compile(value, source: source)
        } catch let error as TagsError {
            throw StepFailure(error.message, retryable: false)
        }
    }

    /// A mapping file's content: JSON when it ends in `.json`, YAML otherwise.
    static func readMappingFile(
        path: String, name: String, argument: String, _ arguments: StepArguments
    ) throws
        -> Value
    {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8)
        else {
            throw arguments.fail(argument, "cannot read \(name) as UTF-8 text")
        }
        if path.lowercased().hasSuffix(".json") {
            do {
                return try CanonicalJSON.parse(text)
            } catch {
                throw arguments.fail(argument, "\(name) is not JSON: \(error)")
            }
        }
        let loaded = YAMLLoader().load(text, file: name)
        if let problem = loaded.diagnostics.first { throw arguments.fail(argument, problem.description) }
        return loaded.root.map(LiteralConverter.json) ?? .map([:])
    }
}

import Foundation
import RisaCore
import RisaModel
import RisaTags

/// `caption.write`: one caption line per image from its tags, into the `caption` metadata.
public struct CaptionWriteStep: ActionStepImplementation {
    public var spec: StepTypeSpec { Self.spec }

    static let categories = TagCategory.allCases.map(\.rawValue)

    /// The registry entry.
    public static let spec = StepTypeSpec(
        name: "caption.write",
        version: 1,
        summary:
            "Write one caption line per image from its tags (ordered by category, keep-tokens boundary, prefix/suffix).",
        details: """
            Tags are ordered by category (`category_order`; by default trigger, character, copyright, artist, general, \
            meta, rating, description), general tags by score (`order: score`, unscored after scored, ties by name), \
            by name, or as given; tags of `exclude` categories are left out. `keep_tokens: N` fixes the first N tags; \
            `keep_fixed: true` fixes the leading trigger, character and copyright tags instead; with \
            `keep_tokens_separator` (e.g. `|||`) the boundary is written into the caption so the trainer needs no \
            count. `description` tags (a captioner's sentence) are appended as the last part, used alone \
            (`description: only`) or left out (`omit`). Captions are one line (kohya reads only the first). Items \
            without any tag get no caption (`dataset.build` lists them). Cache: the set and the options.
            """,
        arguments: [
            ArgumentSpec("images", .images, required: true, "The tagged images."),
            ArgumentSpec(
                "separator", .string, default: .string(", "), "Put between tags (kohya splits on ',' and trims)."),
            ArgumentSpec(
                "order", .enumeration(["score", "name", "given"]), default: .string("score"),
                "How general tags are ordered."),
            ArgumentSpec(
                "category_order", .list(.string), default: .list([]),
                "Category order in captions (missing ones follow in the default order)."),
            ArgumentSpec(
                "keep_tokens", .int, default: .int(0), "How many leading tags are fixed (never shuffled or dropped)."),
            ArgumentSpec(
                "keep_fixed", .bool, default: .bool(false),
                "Fix the leading tags of the fixed categories (trigger, character, copyright) instead of a count."),
            ArgumentSpec(
                "keep_tokens_separator", .string,
                "Written between the fixed part and the rest (kohya's keep_tokens_separator, e.g. '|||')."),
            ArgumentSpec(
                "description", .enumeration(["append", "only", "omit"]), default: .string("append"),
                "What happens to description tags."),
            ArgumentSpec("prefix", .string, default: .string(""), "Written before every caption as is."),
            ArgumentSpec("suffix", .string, default: .string(""), "Written after every caption as is."),
            ArgumentSpec(
                "exclude", .list(.string), default: .list([]), "Categories left out of captions (e.g. rating, meta)."),
        ],
        outputs: .fixed([OutputSpec("images", .images, "The images (bytes unchanged) with `caption` set.")]),
        deterministic: true)

    /// Creates the step.
    public init() {}

    /// The caption options the arguments describe.
    static func options(_ arguments: StepArguments) throws -> CaptionOptions {
        var options = CaptionOptions()
        options.separator = try arguments.string("separator", default: ", ")
        options.generalOrder =
            GeneralTagOrder(rawValue: try arguments.choice("order", ["score", "name", "given"]) ?? "score") ?? .score
        func categories(_ name: String) throws -> [TagCategory] {
            try arguments.strings(name).map { text in
                guard let category = TagCategory(rawValue: text) else {
                    throw arguments.fail(
                        name, "unknown category '\(text)' (\(Self.categories.joined(separator: ", ")))")
                }
                return category
            }
        }
        let order = try categories("category_order")
        if !order.isEmpty {
            options.policy = CategoryPolicy(
                order: order + CategoryPolicy.default.order, fixed: CategoryPolicy.default.fixed)
        }
        options.excluded = Set(try categories("exclude"))
        let count = try arguments.int("keep_tokens", in: 0...1000) ?? 0
        if try arguments.bool("keep_fixed", default: false) {
            guard count == 0 else { throw arguments.fail("keep_fixed", "give keep_tokens or keep_fixed, not both") }
            options.keepTokens = .fixedCategories
        } else if count > 0 {
            options.keepTokens = .count(count)
        }
        if let separator = try arguments.string("keep_tokens_separator"), !separator.isEmpty {
            options.keepTokensSeparator = separator
        }
        options.description =
            DescriptionMode(rawValue: try arguments.choice("description", ["append", "only", "omit"]) ?? "append")
            ?? .append
        options.prefix = try arguments.string("prefix", default: "")
        options.suffix = try arguments.string("suffix", default: "")
        return options
    }

    public func execute(_ invocation: StepInvocation) async throws -> [String: ProducedOutput] {
        let options = try Self.options(StepArguments(invocation))
        let items = try invocation.itemSets("images")
        let clock = ContinuousClock()
        let started = clock.now
        let chunks = try ParallelChunks.map(items) { slice in
            var produced: [ProducedItem] = []
            produced.reserveCapacity(slice.count)
            var untagged: [String] = []
            for item in slice {
                let tags = try TagSupport.tags(of: item)
                var metadata = item.metadata
                if tags.isEmpty {
                    untagged.append(item.name)
                    metadata[TagMetadata.captionKey] = nil
                } else {
                    metadata[TagMetadata.captionKey] = .string(CaptionWriter.caption(for: tags, options: options).text)
                }
                produced.append(ProducedItem(reusing: item, metadata: metadata))
            }
            return (produced, untagged)
        }
        let produced = chunks.flatMap(\.0)
        let untagged = chunks.flatMap(\.1)
        if !untagged.isEmpty {
            invocation.log(
                .info,
                "\(untagged.count) image(s) have no tags and got no caption:\n"
                    + TagSupport.listing(untagged, limit: 10))
        }
        invocation.log(
            .info, "\(items.count - untagged.count) captions written in \(TagsMapStep.seconds(clock.now - started)) s")
        return ["images": .items(produced)]
    }
}

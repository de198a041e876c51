import Foundation
import RisaCore
import RisaModel
import RisaTags

/// `tags.import`: tags from caption sidecars, booru JSON, an existing kohya dataset folder or an
/// edited tag table, onto the items of an `images` set.
public struct TagsImportStep: ActionStepImplementation {
    public var spec: StepTypeSpec { Self.spec }

    /// The registry entry.
    public static let spec = StepTypeSpec(
        name: "tags.import",
        version: 2,
        summary: "Import tags from caption sidecars, booru JSON, a kohya dataset folder or an edited tag table.",
        details: """
            For each image, sidecars are looked for in this order: in the set itself (`a.txt`, `a.caption`, \
            `a.json` or `a.png.json` beside `a.png`; they are consumed, not passed on), in the `sidecars` folder (by \
            the image's relative name, then by its file name), and beside the file named by the item's `source.path` \
            metadata (when `source_sidecars` is on). Caption files are comma-separated tags (`character:name` sets the \
            category); JSON sidecars are Danbooru, Gelbooru or e621 posts. Imported tags are added after the item's \
            own (`mode: merge`, the first tag of a name wins) or replace them (`mode: replace`). `kohya` adds the \
            images of an existing kohya training folder (`N_token class/` subsets) with their captions' tags. \
            `table` (a CSV or JSON file written by `risa tags export`, edited by a person) replaces the tags of every \
            image it names, last. A caption file that is not valid text in `encoding` or holds no tag is an error \
            naming the item; every such item is listed and the step fails, unless `skip_bad` is on (then those items \
            pass on without imported tags and are listed in the log). \
            Cache: the set, the `sidecars` and `kohya` folders and the `table` are keyed by content; sidecars beside \
            source files are read when the step runs and are not part of the key (pass their folder as `sidecars` to \
            have edits noticed).
            """,
        arguments: [
            ArgumentSpec("images", .images, "The images (with caption or JSON sidecars among them, if any)."),
            ArgumentSpec("sidecars", .files, "A folder of sidecar files matched to the images by name."),
            ArgumentSpec(
                "kohya", .files,
                "An existing kohya training folder (`N_token class/` subsets): its images and tags are imported."),
            ArgumentSpec(
                "table", .file,
                "A tag table (CSV or JSON, as `risa tags export` writes) whose tags replace those of the images it names."
            ),
            ArgumentSpec(
                "source_sidecars", .bool, default: .bool(true),
                "Also look for sidecars beside the file of each item's `source.path`."),
            ArgumentSpec(
                "extensions", .list(.string), default: .list([.string(".txt"), .string(".caption")]),
                "Caption sidecar extensions, in order of preference."),
            ArgumentSpec(
                "booru", .enumeration(["auto", "danbooru", "gelbooru", "e621", "off"]), default: .string("auto"),
                "How JSON sidecars are read: detected, a given flavor, or not at all."),
            ArgumentSpec(
                "encoding", .string, default: .string("utf-8"),
                "The caption files' encoding (utf-8, latin1, shift_jis, utf-16); others are transcoded."),
            ArgumentSpec(
                "mode", .enumeration(["merge", "replace"]), default: .string("merge"),
                "Add imported tags to the item's own, or replace them."),
            ArgumentSpec(
                "skip_bad", .bool, default: .bool(false),
                "Pass items with unreadable or empty captions on untagged instead of failing."),
        ],
        outputs: .fixed([OutputSpec("images", .images, "The images with their tags in the `tags` metadata.")]),
        deterministic: true)

    /// Creates the step.
    public init() {}

    public func execute(_ invocation: StepInvocation) async throws -> [String: ProducedOutput] {
        let arguments = StepArguments(invocation)
        guard arguments.has("images") || arguments.has("kohya") else {
            throw arguments.fail("images", "give an images set, a kohya folder, or both")
        }
        var options = try ImportOptions(arguments)
        if arguments.has("sidecars"), let folder = try arguments.string("sidecars") {
            options.sidecarFolder = URL(fileURLWithPath: folder)
        }
        var importer = SidecarImporter(options: options, projectRoot: invocation.projectRoot)
        var produced: [ProducedItem] = []
        if arguments.has("images") {
            produced += try importer.importSet(try invocation.itemSets("images"))
        }
        if arguments.has("kohya"), let root = try arguments.string("kohya") {
            produced += try importer.importKohya(root: root, files: try invocation.itemSets("kohya"))
        }
        if let table = try arguments.string("table") {
            produced = try TagTableImport.apply(tablePath: table, to: produced, log: { invocation.log(.info, $0) })
        }
        if !importer.problems.isEmpty {
            let list = TagSupport.listing(importer.problems)
            guard options.skipBad else {
                throw StepFailure(
                    "\(importer.problems.count) item(s) have captions that cannot be imported (set skip_bad: true to "
                        + "pass them on untagged):\n\(list)", retryable: false)
            }
            invocation.log(.info, "\(importer.problems.count) item(s) passed on without imported tags:\n\(list)")
        }
        for note in importer.notes { invocation.log(.info, note) }
        invocation.log(.info, "\(produced.count) images, \(importer.taggedCount) with imported tags")
        return ["images": .items(produced)]
    }
}

/// The options of one `tags.import` execution.
struct ImportOptions {
    var captionExtensions: [String]
    var flavor: BooruFlavor?
    var readsJSON: Bool
    var encoding: CaptionEncoding
    var replace: Bool
    var skipBad: Bool
    var sourceSidecars: Bool
    var sidecarFolder: URL?

    init(_ arguments: StepArguments) throws {
        captionExtensions = try arguments.strings("extensions").map {
            $0.hasPrefix(".") ? $0.lowercased() : "." + $0.lowercased()
        }
        let booru = try arguments.choice("booru", ["auto", "danbooru", "gelbooru", "e621", "off"]) ?? "auto"
        flavor = BooruFlavor(rawValue: booru)
        readsJSON = booru != "off"
        let encodingName = try arguments.string("encoding", default: "utf-8")
        guard let encoding = CaptionEncoding(name: encodingName) else {
            throw arguments.fail("encoding", "unknown encoding '\(encodingName)' (utf-8, latin1, shift_jis, utf-16)")
        }
        self.encoding = encoding
        replace = try arguments.choice("mode", ["merge", "replace"]) == "replace"
        skipBad = try arguments.bool("skip_bad", default: false)
        sourceSidecars = try arguments.bool("source_sidecars", default: true)
    }
}

import Foundation
import RisaCore
import RisaTags

/// Finds and reads the sidecars of images for `tags.import`, collecting per-item problems instead
/// of stopping at the first.
struct SidecarImporter {
    let options: ImportOptions
    let projectRoot: URL
    /// One line per item whose sidecar could not be read, naming it.
    private(set) var problems: [String] = []
    /// Things worth a log line (left-out files, skipped folders).
    private(set) var notes: [String] = []
    /// How many items got imported tags.
    private(set) var taggedCount = 0

    init(options: ImportOptions, projectRoot: URL) {
        self.options = options
        self.projectRoot = projectRoot
    }

    /// The formats (from the `format` metadata) that are images.
    static let imageFormats: Set<String> = ["png", "jpeg", "jpg", "webp", "bmp", "gif", "tiff"]

    static func isImage(_ item: InputItem) -> Bool {
        if let format = item.metadata["format"]?.stringValue { return imageFormats.contains(format) }
        return ItemNames.isImage(item.name)
    }

    /// The images of `items` with their sidecars' tags; sidecar items are consumed.
    mutating func importSet(_ items: [InputItem]) throws -> [ProducedItem] {
        let sidecarExtensions = Set(options.captionExtensions + (options.readsJSON ? [".json"] : []))
        var sidecars: [String: InputItem] = [:]
        var images: [InputItem] = []
        var others: [String] = []
        for item in items {
            if Self.isImage(item) {
                images.append(item)
            } else if sidecarExtensions.contains(ItemNames.extension(item.name)) {
                sidecars[item.name] = item
            } else {
                others.append(item.name)
            }
        }
        if !others.isEmpty {
            notes.append(
                "\(others.count) item(s) are neither images nor sidecars and were left out:\n"
                    + TagSupport.listing(others, limit: 5))
        }
        var used = Set<String>()
        var produced: [ProducedItem] = []
        produced.reserveCapacity(images.count)
        for image in images {
            let found = locate(image, inSet: sidecars)
            for candidate in [found.caption, found.json].compactMap({ $0 }) where candidate.inSet {
                used.insert(candidate.name)
            }
            produced.append(try read(image, found))
        }
        let unmatched = sidecars.keys.filter { !used.contains($0) }.sorted()
        if !unmatched.isEmpty {
            notes.append("\(unmatched.count) sidecar(s) have no image:\n" + TagSupport.listing(unmatched, limit: 5))
        }
        return produced
    }

    struct Sidecar {
        let url: URL
        let name: String
        let inSet: Bool
    }

    /// Where the caption and JSON sidecars of `image` are, if anywhere.
    func locate(_ image: InputItem, inSet sidecars: [String: InputItem]) -> (caption: Sidecar?, json: Sidecar?) {
        let stem = ItemNames.stem(image.name)
        let jsonNames = options.readsJSON ? [stem + ".json", image.name + ".json"] : []
        func fromSet(_ names: [String]) -> Sidecar? {
            for name in names {
                if let item = sidecars[name] { return Sidecar(url: item.file, name: name, inSet: true) }
            }
            return nil
        }
        func fromFolder(_ folder: URL, display: String, _ names: [String]) -> Sidecar? {
            for name in names {
                let url = folder.appendingPathComponent(name)
                if FileManager.default.fileExists(atPath: url.path) {
                    return Sidecar(url: url, name: display + name, inSet: false)
                }
            }
            return nil
        }
        let captionNames = options.captionExtensions.map { stem + $0 }
        var caption = fromSet(captionNames)
        var json = fromSet(jsonNames)
        if caption == nil, json == nil, let folder = options.sidecarFolder {
            let fileStem = ItemNames.stem(ItemNames.fileName(image.name))
            let display = TagSupport.relative(folder.path, to: projectRoot) + "/"
            caption = fromFolder(
                folder, display: display, captionNames + options.captionExtensions.map { fileStem + $0 })
            json =
                options.readsJSON
                ? fromFolder(
                    folder, display: display,
                    jsonNames + [fileStem + ".json", ItemNames.fileName(image.name) + ".json"])
                : nil
        }
        if caption == nil, json == nil, options.sourceSidecars,
            let source = image.metadata["source"]?["path"]?.stringValue
        {
            let sourceURL =
                source.hasPrefix("/") ? URL(fileURLWithPath: source) : projectRoot.appendingPathComponent(source)
            let folder = sourceURL.deletingLastPathComponent()
            let sourceStem = ItemNames.stem(sourceURL.lastPathComponent)
            let display = TagSupport.relative(folder.path, to: projectRoot) + "/"
            caption = fromFolder(folder, display: display, options.captionExtensions.map { sourceStem + $0 })
            json =
                options.readsJSON
                ? fromFolder(folder, display: display, [sourceStem + ".json", sourceURL.lastPathComponent + ".json"])
                : nil
        }
        return (caption, json)
    }

    /// `image` with the tags of its sidecars, or unchanged (and listed) when they cannot be read.
    private mutating func read(_ image: InputItem, _ found: (caption: Sidecar?, json: Sidecar?)) throws -> ProducedItem
    {
        guard found.caption != nil || found.json != nil else {
            return ProducedItem(reusing: image, metadata: image.metadata)
        }
        var imported: [Tag] = []
        do {
            if let caption = found.caption {
                imported += try TagSupport.captionTags(at: caption.url, name: caption.name, encoding: options.encoding)
            }
            if let json = found.json {
                imported = TagSupport.merge(
                    imported, try TagSupport.booruTags(at: json.url, name: json.name, flavor: options.flavor))
            }
        } catch let error as TagsError {
            problems.append("\(image.name): \(error.message)")
            return ProducedItem(reusing: image, metadata: image.metadata)
        }
        taggedCount += 1
        let tags = options.replace ? imported : TagSupport.merge(try TagSupport.tags(of: image), imported)
        return ProducedItem(reusing: image, metadata: TagMetadata.setting(tags, in: image.metadata))
    }

    /// The images of the kohya training folder at `root` (its files are `files`, by relative name)
    /// with their captions' tags, and `kohya` metadata naming the subset.
    mutating func importKohya(root: String, files: [InputItem]) throws -> [ProducedItem] {
        let scan: KohyaFolder.Scan
        do {
            scan = try KohyaFolder.scan(
                root: root, captionExtensions: options.captionExtensions, encoding: options.encoding)
        } catch let error as TagsError {
            throw StepFailure("kohya: \(error.message)", retryable: false)
        }
        if !scan.skippedFolders.isEmpty {
            notes.append(
                "kohya: folders without the N_ prefix are skipped (kohya skips them too): "
                    + scan.skippedFolders.joined(separator: ", "))
        }
        let byName = Dictionary(files.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        let rootPath = TagSupport.relative(root, to: projectRoot)
        var produced: [ProducedItem] = []
        var withoutCaption = 0
        for subset in scan.subsets {
            for entry in subset.items {
                let name = subset.name + "/" + (entry.imagePath as NSString).lastPathComponent
                guard let file = byName[name] else {
                    throw StepFailure("kohya: \(name) was not in the folder's snapshot (did it change during the run?)")
                }
                var metadata: [String: Value] = [
                    "source": .map(["path": .string(rootPath + "/" + name), "digest": .string(file.digest.description)]
                    ),
                    "kohya": .map([
                        "subset": .string(subset.name), "repeats": .int(subset.repeats),
                        "class_tokens": .string(subset.classTokens),
                    ]),
                ]
                if let error = entry.error {
                    problems.append("\(name): " + error.message.replacingOccurrences(of: root + "/", with: ""))
                } else if entry.captionPath == nil {
                    withoutCaption += 1
                } else {
                    taggedCount += 1
                    metadata = TagMetadata.setting(entry.tags, in: metadata)
                }
                produced.append(ProducedItem(reusing: file, name: name, metadata: metadata))
            }
        }
        if withoutCaption > 0 {
            notes.append("kohya: \(withoutCaption) image(s) have no caption file (kohya would use the class tokens)")
        }
        return produced
    }
}

import Foundation
import RisaCore
import RisaTags

/// Reading sidecar files and merging tag lists, shared by `tags.import` and `tagger.run`.
enum TagSupport {
    /// The extensions of caption sidecars `tags.import` reads by default.
    static let captionExtensions = [".txt", ".caption"]

    /// `existing` followed by the tags of `added` whose names it does not have yet (the first tag of
    /// a name wins, so sidecar tags keep their place and category).
    static func merge(_ existing: [Tag], _ added: [Tag]) -> [Tag] {
        var names = Set(existing.map(\.name))
        var merged = existing
        for tag in added where names.insert(tag.name).inserted { merged.append(tag) }
        return merged
    }

    /// The tags of the caption sidecar at `url`, named `name` in messages.
    /// - Throws: `TagsError` for unreadable, wrongly encoded or empty files.
    static func captionTags(at url: URL, name: String, encoding: CaptionEncoding) throws -> [Tag] {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw TagsError(.unreadable, "\(name): cannot read the caption file")
        }
        let source = "sidecar:" + ItemNames.extension(name).dropFirst()
        let tags = CaptionFile.tags(from: try CaptionFile.decode(data, encoding: encoding, name: name), source: source)
        guard !tags.isEmpty else { throw TagsError(.emptyCaption, "\(name): the caption file is empty") }
        return tags
    }

    /// The tags of the booru JSON sidecar at `url`, named `name` in messages.
    /// - Throws: `TagsError` for unreadable files, bad JSON or an unknown shape.
    static func booruTags(at url: URL, name: String, flavor: BooruFlavor?) throws -> [Tag] {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw TagsError(.unreadable, "\(name): cannot read the sidecar file")
        }
        let value: Value
        do {
            value = try CanonicalJSON.parse(data)
        } catch {
            throw TagsError(.unknownSidecarFormat, "\(name): not JSON: \(error)")
        }
        return try BooruSidecar.tags(from: value, flavor: flavor, name: name)
    }

    /// The item's tags, failing the step with the item's name when its metadata is malformed.
    static func tags(of item: InputItem) throws -> [Tag] {
        do {
            return try TagMetadata.tags(in: item.metadata)
        } catch let error as TagsError {
            throw StepFailure("\(item.name): \(error.message)", retryable: false)
        }
    }

    /// `path` relative to `root` when it lies inside it, else as is.
    static func relative(_ path: String, to root: URL) -> String {
        let prefix = root.standardizedFileURL.path + "/"
        return path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : path
    }

    /// At most `limit` lines of `lines`, with a count of the rest.
    static func listing(_ lines: [String], limit: Int = 20) -> String {
        var shown = lines.prefix(limit).joined(separator: "\n  ")
        if lines.count > limit { shown += "\n  ... and \(lines.count - limit) more" }
        return "  " + shown
    }
}

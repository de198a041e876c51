import Foundation
import RisaCore

/// The booru JSON shapes a sidecar can have (what gallery-dl, grabber and the sites' APIs write).
public enum BooruFlavor: String, CaseIterable, Hashable, Sendable {
    /// Danbooru `posts/N.json`: space-separated `tag_string_general`, `tag_string_character`,
    /// `tag_string_copyright`, `tag_string_artist`, `tag_string_meta`, and `rating` (`g`/`s`/`q`/`e`).
    case danbooru
    /// Gelbooru DAPI post: space-separated `tags` (no categories: all general) and `rating`
    /// (`general`/`sensitive`/`questionable`/`explicit`); a `{"post": [...]}` wrapper is unwrapped.
    case gelbooru
    /// e621 `posts.json` post: `tags` is a map of lists (`general`, `species`, `character`, `artist`,
    /// `copyright`, `meta`, `lore`, `invalid`) and `rating` is `s`/`q`/`e`.
    case e621
}

/// Tags from booru JSON sidecars.
///
/// Category mapping: e621 `species` becomes general and `lore` meta; e621 `invalid` tags are
/// skipped (the site itself marks them wrong). Ratings become one `rating` tag with the full word
/// (`general`, `sensitive`, `questionable`, `explicit`; e621's `s` is `safe`). Names keep their
/// underscores: `tags.map` converts them.
public enum BooruSidecar {
    /// Which flavor `post` is, or nil when it has none of the known shapes.
    public static func detect(_ post: Value) -> BooruFlavor? {
        let post = unwrapped(post)
        guard case .map(let entries) = post else { return nil }
        if entries["tag_string_general"] != nil || entries["tag_string"] != nil { return .danbooru }
        switch entries["tags"] {
        case .map?: return .e621
        case .string?: return .gelbooru
        default: return nil
        }
    }

    /// The tags of one booru post.
    /// - Parameters:
    ///   - post: the decoded JSON.
    ///   - flavor: the shape, or nil to detect it.
    ///   - name: the sidecar's path or name, for errors.
    /// - Throws: `TagsError` (`unknownSidecarFormat`) naming the file when the shape is not known.
    public static func tags(from post: Value, flavor: BooruFlavor? = nil, name: String) throws -> [Tag] {
        guard let flavor = flavor ?? detect(post), case .map(let entries) = unwrapped(post) else {
            throw TagsError(
                .unknownSidecarFormat,
                "\(name): not a Danbooru, Gelbooru or e621 post (expected tag_string_general, "
                    + "a tags string or a tags map)")
        }
        var tags: [Tag] = []
        let source = flavor.rawValue
        switch flavor {
        case .danbooru:
            let fields: [(String, TagCategory)] = [
                ("tag_string_artist", .artist), ("tag_string_copyright", .copyright),
                ("tag_string_character", .character), ("tag_string_general", .general),
                ("tag_string_meta", .meta),
            ]
            let categorized = fields.contains { entries[$0.0] != nil }
            if categorized {
                for (field, category) in fields {
                    tags += words(entries[field]).map { Tag($0, category: category, source: source) }
                }
            } else {
                tags += words(entries["tag_string"]).map { Tag($0, category: .general, source: source) }
            }
        case .gelbooru:
            tags += words(entries["tags"]).map { Tag($0, category: .general, source: source) }
        case .e621:
            guard case .map(let groups)? = entries["tags"] else { break }
            let fields: [(String, TagCategory)] = [
                ("artist", .artist), ("copyright", .copyright), ("character", .character),
                ("species", .general), ("general", .general), ("lore", .meta), ("meta", .meta),
            ]
            for (field, category) in fields {
                for item in groups[field]?.listValue ?? [] {
                    if let text = item.stringValue, !text.isEmpty {
                        tags.append(Tag(text, category: category, source: source))
                    }
                }
            }
        }
        if let rating = ratingName(entries["rating"]?.stringValue, flavor: flavor) {
            tags.append(Tag(rating, category: .rating, source: source))
        }
        return tags
    }

    /// Reads the booru JSON sidecar at `path` and returns its tags.
    /// - Throws: `TagsError` naming the file when it cannot be read, is not JSON, or has no known shape.
    public static func readTags(path: String, flavor: BooruFlavor? = nil) throws -> [Tag] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw TagsError(.unreadable, "\(path): cannot read the sidecar file")
        }
        let value: Value
        do {
            value = try CanonicalJSON.parse(data)
        } catch {
            throw TagsError(.unknownSidecarFormat, "\(path): \(error)")
        }
        return try tags(from: value, flavor: flavor, name: path)
    }

    private static func unwrapped(_ post: Value) -> Value {
        if case .map(let entries) = post, entries["tags"] == nil, entries["tag_string_general"] == nil,
            case .list(let posts)? = entries["post"], posts.count == 1
        {
            return posts[0]
        }
        return post
    }

    private static func words(_ value: Value?) -> [String] {
        guard let text = value?.stringValue else { return [] }
        return text.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" }).map(String.init)
    }

    private static func ratingName(_ raw: String?, flavor: BooruFlavor) -> String? {
        guard let raw = raw?.lowercased(), !raw.isEmpty else { return nil }
        switch (flavor, raw) {
        case (.e621, "s"): return "safe"
        case (_, "g"): return "general"
        case (_, "s"): return "sensitive"
        case (_, "q"): return "questionable"
        case (_, "e"): return "explicit"
        default: return raw
        }
    }
}

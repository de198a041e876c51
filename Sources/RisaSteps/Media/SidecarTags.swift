import Foundation
import RisaCore
import RisaTags

/// Tags found next to a media file: a `.txt` / `.caption` file of comma-separated tags, and a
/// booru-style JSON post (`<file>.json` or `<stem>.json`, Danbooru's field names).
struct SidecarTags: Equatable {
    /// The tags (source `sidecar`), in file order, without repeats.
    var tags: [Tag] = []
    /// The artist, when the JSON names one (several are joined with ", ").
    var artist: String?
    /// The sidecar files that were read (for messages).
    var files: [String] = []
    /// Problems with sidecars (not UTF-8, not JSON): the media file is still imported.
    var warnings: [String] = []

    /// The extensions of sidecar files, which are never imported as media.
    static let extensions: Set<String> = ["txt", "caption", "json"]

    /// Danbooru's tag-string fields and the category each gives.
    static let danbooruFields: [(field: String, category: TagCategory)] = [
        ("tag_string_artist", .artist), ("tag_string_copyright", .copyright), ("tag_string_character", .character),
        ("tag_string_general", .general), ("tag_string_meta", .meta),
    ]

    /// Danbooru's rating letters.
    static let ratings = ["g": "general", "s": "sensitive", "q": "questionable", "e": "explicit"]

    /// Reads the sidecars of the file at `url`.
    init(for url: URL) {
        let directory = url.deletingLastPathComponent()
        let stem = url.deletingPathExtension().lastPathComponent
        let full = url.lastPathComponent
        var seen = Set<String>()
        func add(_ tag: Tag) {
            let trimmed = tag.name.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !trimmed.isEmpty, seen.insert(tag.category.rawValue + "\u{0}" + trimmed).inserted else { return }
            tags.append(Tag(trimmed, category: tag.category, source: "sidecar"))
        }
        for base in Self.unique([full, stem]) {
            let json = directory.appendingPathComponent(base + ".json")
            guard let data = FileManager.default.contents(atPath: json.path) else { continue }
            files.append(json.lastPathComponent)
            guard case .map(let post) = (try? CanonicalJSON.parse(data)) ?? .null else {
                warnings.append("\(json.lastPathComponent) is not a JSON object; ignored")
                break
            }
            var artists: [String] = []
            for (field, category) in Self.danbooruFields {
                for tag in (post[field]?.stringValue ?? "").split(separator: " ") {
                    add(Tag(String(tag), category: category))
                    if category == .artist { artists.append(String(tag)) }
                }
            }
            if case .string(let generic) = post["tags"] ?? .null {
                for tag in generic.split(separator: " ") { add(Self.namespaced(String(tag))) }
            }
            if let rating = post["rating"]?.stringValue, !rating.isEmpty {
                add(Tag(Self.ratings[rating.lowercased()] ?? rating.lowercased(), category: .rating))
            }
            if artists.isEmpty, let named = post["artist"]?.stringValue, !named.isEmpty { artists = [named] }
            if !artists.isEmpty { artist = artists.joined(separator: ", ") }
            break
        }
        for ext in ["txt", "caption"] {
            for base in Self.unique([stem, full]) {
                let text = directory.appendingPathComponent(base + "." + ext)
                guard let data = FileManager.default.contents(atPath: text.path) else { continue }
                files.append(text.lastPathComponent)
                guard let content = String(data: data, encoding: .utf8) else {
                    warnings.append("\(text.lastPathComponent) is not UTF-8 text; ignored")
                    continue
                }
                for tag in content.split(whereSeparator: { $0 == "," || $0 == "\n" }) {
                    add(Self.namespaced(String(tag)))
                }
            }
        }
    }

    /// `character:name` gives the category `character` (the namespaces of `TagCategory(namespace:)`);
    /// a bare tag, or one whose prefix is no namespace (`re:zero`, `:)`), is `general`.
    static func namespaced(_ tag: String) -> Tag {
        Tag(parsing: tag.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    private static func unique(_ names: [String]) -> [String] {
        names.count == 2 && names[0] == names[1] ? [names[0]] : names
    }
}

import Foundation
import RisaCore

/// One image's name and its tags, a row group of a tag table.
public struct TaggedImage: Hashable, Sendable {
    /// The image's name (file name or relative path).
    public var image: String
    /// Its tags in order.
    public var tags: [Tag]

    /// An image and its tags.
    public init(image: String, tags: [Tag]) {
        self.image = image
        self.tags = tags
    }
}

/// Per-image tag tables in CSV or JSON, for `risa tags export` and `risa tags apply FILE`; export
/// then import gives the same images and tags back.
///
/// CSV (RFC 4180): header `image,tag,category,score,source`, one record per tag in order (an image
/// without tags has one record with an empty tag). JSON: `{"images": [{"image": ..., "tags": [...]}]}`
/// with tags in the item-metadata encoding (`TagMetadata`), pretty canonical JSON.
public enum TagTable {
    /// The CSV header.
    public static let csvHeader = ["image", "tag", "category", "score", "source"]

    /// The CSV text of `images`.
    public static func csv(_ images: [TaggedImage]) -> String {
        var text = CSV.record(csvHeader)
        for image in images {
            if image.tags.isEmpty { text += CSV.record([image.image, "", "", "", ""]) }
            for tag in image.tags {
                text += CSV.record([
                    image.image, tag.name, tag.category.rawValue, tag.score.map { "\($0)" } ?? "", tag.source ?? "",
                ])
            }
        }
        return text
    }

    /// Reads a CSV tag table; records of one image need not be adjacent (images keep the order of
    /// their first record). `score` and `source` columns are optional, `category` may be empty
    /// (general).
    /// - Parameter name: the file's name, for errors.
    /// - Throws: `TagsError` (`invalidTable`) naming the file and line.
    public static func parseCSV(_ text: String, name: String) throws -> [TaggedImage] {
        let records = try CSV.parse(text, name: name)
        guard let header = records.first else { return [] }
        let columns = header.fields.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        guard let imageColumn = columns.firstIndex(of: "image"), let tagColumn = columns.firstIndex(of: "tag") else {
            throw TagsError(.invalidTable, "\(name): line \(header.line): the header needs image and tag columns")
        }
        let categoryColumn = columns.firstIndex(of: "category")
        let scoreColumn = columns.firstIndex(of: "score")
        let sourceColumn = columns.firstIndex(of: "source")
        var order: [String] = []
        var tags: [String: [Tag]] = [:]
        for record in records.dropFirst() {
            func column(_ index: Int?) -> String {
                guard let index, index < record.fields.count else { return "" }
                return record.fields[index]
            }
            guard record.fields.count == columns.count else {
                throw TagsError(
                    .invalidTable,
                    "\(name): line \(record.line): \(record.fields.count) fields, the header has \(columns.count)")
            }
            let image = column(imageColumn)
            guard !image.isEmpty else { throw TagsError(.invalidTable, "\(name): line \(record.line): no image name") }
            if tags[image] == nil {
                order.append(image)
                tags[image] = []
            }
            let tagName = column(tagColumn)
            guard !tagName.isEmpty else { continue }
            var category = TagCategory.general
            let categoryText = column(categoryColumn)
            if !categoryText.isEmpty {
                guard let parsed = TagCategory(rawValue: categoryText) else {
                    throw TagsError(.invalidTable, "\(name): line \(record.line): unknown category \(categoryText)")
                }
                category = parsed
            }
            var score: Double?
            let scoreText = column(scoreColumn)
            if !scoreText.isEmpty {
                guard let parsed = Double(scoreText) else {
                    throw TagsError(.invalidTable, "\(name): line \(record.line): score \(scoreText) is not a number")
                }
                score = parsed
            }
            let source = column(sourceColumn)
            tags[image]!.append(Tag(tagName, category: category, score: score, source: source.isEmpty ? nil : source))
        }
        return order.map { TaggedImage(image: $0, tags: tags[$0]!) }
    }

    /// The JSON text of `images` (pretty canonical JSON, ends with a newline).
    public static func json(_ images: [TaggedImage]) -> String {
        let list = images.map { Value.map(["image": .string($0.image), "tags": .list($0.tags.map(\.encoded))]) }
        return CanonicalJSON.pretty(.map(["images": .list(list)]))
    }

    /// Reads a JSON tag table.
    /// - Parameter name: the file's name, for errors.
    /// - Throws: `TagsError` (`invalidTable`) naming the file and the element path.
    public static func parseJSON(_ text: String, name: String) throws -> [TaggedImage] {
        let value: Value
        do {
            value = try CanonicalJSON.parse(text)
        } catch {
            throw TagsError(.invalidTable, "\(name): \(error)")
        }
        guard let list = value["images"]?.listValue else {
            throw TagsError(.invalidTable, "\(name): expected {\"images\": [...]}")
        }
        return try list.enumerated().map { index, entry in
            guard let image = entry["image"]?.stringValue, !image.isEmpty else {
                throw TagsError(.invalidTable, "\(name): images[\(index)].image: expected a non-empty string")
            }
            guard let tagList = entry["tags"]?.listValue else {
                throw TagsError(.invalidTable, "\(name): images[\(index)].tags: expected a list")
            }
            do {
                let tags = try tagList.enumerated().map {
                    try Tag.decode($0.element, path: "images[\(index)].tags[\($0.offset)]")
                }
                return TaggedImage(image: image, tags: tags)
            } catch let error as TagsError {
                throw TagsError(.invalidTable, "\(name): \(error.message)")
            }
        }
    }
}

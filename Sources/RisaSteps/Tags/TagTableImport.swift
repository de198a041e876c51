import Foundation
import RisaCore
import RisaTags

/// Applies an edited tag table (`risa tags export`'s CSV or JSON) to produced items: the table's
/// tags replace the tags of each image it names.
enum TagTableImport {
    /// Reads the tag table at `path` (CSV unless it ends in `.json` or starts with `{`).
    /// - Throws: `StepFailure` naming the file and line of a malformed table.
    static func read(path: String) throws -> [TaggedImage] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw StepFailure("table: cannot read \(path)", retryable: false)
        }
        let name = (path as NSString).lastPathComponent
        guard let text = String(data: data, encoding: .utf8) else {
            throw StepFailure("table: \(name) is not UTF-8 text", retryable: false)
        }
        do {
            let trimmed = text.drop { $0.isWhitespace }
            if path.lowercased().hasSuffix(".json") || trimmed.hasPrefix("{") {
                return try TagTable.parseJSON(text, name: name)
            }
            return try TagTable.parseCSV(text, name: name)
        } catch let error as TagsError {
            throw StepFailure("table: \(error.message)", retryable: false)
        }
    }

    /// `items` with the tags of the table at `tablePath` on the images it names: by the item's name,
    /// or by its file name when only one item has it. Rows naming no item are logged.
    static func apply(tablePath: String, to items: [ProducedItem], log: (String) -> Void) throws -> [ProducedItem] {
        let rows = try read(path: tablePath)
        var byName: [String: Int] = [:]
        var byFileName: [String: [Int]] = [:]
        for (index, item) in items.enumerated() {
            byName[item.name] = index
            byFileName[ItemNames.fileName(item.name), default: []].append(index)
        }
        var result = items
        var missing: [String] = []
        var changed = 0
        for row in rows {
            let index =
                byName[row.image] ?? byFileName[ItemNames.fileName(row.image)].flatMap { $0.count == 1 ? $0[0] : nil }
            guard let index else {
                missing.append(row.image)
                continue
            }
            let before = result[index].metadata[TagMetadata.tagsKey]
            result[index].metadata = TagMetadata.setting(row.tags, in: result[index].metadata)
            if result[index].metadata[TagMetadata.tagsKey] != before { changed += 1 }
        }
        log("table: \(rows.count) image(s) in the table, \(changed) item(s) changed")
        if !missing.isEmpty {
            log(
                "table: \(missing.count) image(s) of the table are not in the set:\n"
                    + TagSupport.listing(missing, limit: 10))
        }
        return result
    }
}

import Foundation

/// The text encoding a caption sidecar is declared to be in.
public enum CaptionEncoding: String, CaseIterable, Hashable, Sendable {
    /// UTF-8 (a leading byte-order mark is skipped); the only encoding kohya reads.
    case utf8 = "utf-8"
    /// ISO 8859-1.
    case latin1
    /// Shift JIS (Japanese Windows tools).
    case shiftJIS = "shift_jis"
    /// UTF-16 with a byte-order mark (little endian without one).
    case utf16 = "utf-16"

    /// Reads a declared encoding name, accepting common spellings (`utf8`, `latin-1`,
    /// `iso-8859-1`, `sjis`, `cp932`, `utf16`); nil when the name is not one of these.
    public init?(name: String) {
        switch name.lowercased() {
        case "utf-8", "utf8": self = .utf8
        case "latin1", "latin-1", "iso-8859-1", "iso8859-1": self = .latin1
        case "shift_jis", "shift-jis", "sjis", "cp932", "windows-31j": self = .shiftJIS
        case "utf-16", "utf16", "utf-16le": self = .utf16
        default: return nil
        }
    }

    var foundation: String.Encoding {
        switch self {
        case .utf8: return .utf8
        case .latin1: return .isoLatin1
        case .shiftJIS: return .shiftJIS
        case .utf16: return .utf16
        }
    }
}

/// Caption sidecars: `.txt` / `.caption` files of comma-separated tags beside an image.
public enum CaptionFile {
    /// Decodes the bytes of a caption file.
    /// - Parameters:
    ///   - data: the file content.
    ///   - encoding: the declared encoding; UTF-8 unless the user said otherwise.
    ///   - name: the file's path or name, for error messages.
    /// - Returns: the text, without a byte-order mark.
    /// - Throws: `TagsError` (`invalidEncoding`) naming the file and the first bad byte offset.
    public static func decode(_ data: Data, encoding: CaptionEncoding = .utf8, name: String) throws -> String {
        var bytes = [UInt8](data)
        switch encoding {
        case .utf8:
            if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
            guard let text = String(validating: bytes, as: UTF8.self) else {
                let offset = firstInvalidUTF8Offset(bytes)
                throw TagsError(
                    .invalidEncoding,
                    "\(name): not valid UTF-8 (byte \(offset)); kohya reads captions as UTF-8 only: convert the file, "
                        + "or declare its encoding (latin1, shift_jis, utf-16) to transcode it")
            }
            return text
        case .utf16 where !(bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF])):
            guard let text = String(data: Data(bytes), encoding: .utf16LittleEndian) else {
                throw TagsError(.invalidEncoding, "\(name): not valid UTF-16 text")
            }
            return text
        default:
            guard var text = String(data: Data(bytes), encoding: encoding.foundation) else {
                throw TagsError(.invalidEncoding, "\(name): not valid \(encoding.rawValue) text")
            }
            if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
            return text
        }
    }

    /// Reads and decodes the caption file at `path`.
    /// - Throws: `TagsError` (`unreadable`, `invalidEncoding`) naming the file.
    public static func read(path: String, encoding: CaptionEncoding = .utf8) throws -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw TagsError(.unreadable, "\(path): cannot read the caption file")
        }
        return try decode(data, encoding: encoding, name: path)
    }

    /// Splits caption text into tags: commas and line breaks separate tags, white space around
    /// each is trimmed, empty parts are skipped, and namespaces (`character:foo`) set the category.
    /// - Parameters:
    ///   - text: the caption text.
    ///   - source: recorded as each tag's source.
    public static func tags(from text: String, source: String? = nil) -> [Tag] {
        var tags: [Tag] = []
        for part in text.split(whereSeparator: { $0 == "," || $0 == "\n" || $0 == "\r\n" || $0 == "\r" }) {
            let trimmed = part.trimmingCharacters(in: .whitespaces)
            if !trimmed.isEmpty { tags.append(Tag(parsing: trimmed, source: source)) }
        }
        return tags
    }

    /// Reads the caption file at `path` and splits it into tags.
    /// - Throws: `TagsError` naming the file when it cannot be read, is not valid text in
    ///   `encoding`, or holds no tag (kohya refuses an empty caption file).
    public static func readTags(path: String, encoding: CaptionEncoding = .utf8, source: String? = nil) throws -> [Tag]
    {
        let tags = tags(from: try read(path: path, encoding: encoding), source: source)
        guard !tags.isEmpty else {
            throw TagsError(.emptyCaption, "\(path): the caption file is empty")
        }
        return tags
    }

    private static func firstInvalidUTF8Offset(_ bytes: [UInt8]) -> Int {
        var offset = 0
        while offset < bytes.count {
            let lead = bytes[offset]
            let length: Int
            switch lead {
            case 0x00...0x7F: length = 1
            case 0xC2...0xDF: length = 2
            case 0xE0...0xEF: length = 3
            case 0xF0...0xF4: length = 4
            default: return offset
            }
            guard offset + length <= bytes.count,
                String(validating: bytes[offset..<offset + length], as: UTF8.self) != nil
            else { return offset }
            offset += length
        }
        return offset
    }
}

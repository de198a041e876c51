/// RFC 4180 CSV: fields with commas, quotes or line breaks are quoted and quotes doubled; records
/// end with CRLF. The reader accepts LF too.
enum CSV {
    /// One record and the line it starts on (1-based).
    struct Record {
        let line: Int
        let fields: [String]
    }

    static func field(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }) else { return text }
        var quoted = "\""
        for character in text {
            if character == "\"" { quoted += "\"\"" } else { quoted.append(character) }
        }
        return quoted + "\""
    }

    static func record(_ fields: [String]) -> String {
        fields.map(field).joined(separator: ",") + "\r\n"
    }

    /// Parses `text` into records; blank lines are skipped.
    /// - Throws: `TagsError` (`invalidTable`) naming the line of a stray or unterminated quote.
    static func parse(_ text: String, name: String) throws -> [Record] {
        var records: [Record] = []
        var fields: [String] = []
        var field: [UInt8] = []
        var line = 1
        var recordLine = 1
        var inQuotes = false
        var wasQuoted = false
        let bytes = Array(text.utf8)
        var index = 0

        func endField() {
            fields.append(String(decoding: field, as: UTF8.self))
            field.removeAll(keepingCapacity: true)
            wasQuoted = false
        }
        func endRecord() {
            endField()
            if !(fields.count == 1 && fields[0].isEmpty) { records.append(Record(line: recordLine, fields: fields)) }
            fields.removeAll(keepingCapacity: true)
        }

        while index < bytes.count {
            let byte = bytes[index]
            if inQuotes {
                if byte == 0x22 {
                    if index + 1 < bytes.count, bytes[index + 1] == 0x22 {
                        field.append(0x22)
                        index += 1
                    } else {
                        inQuotes = false
                        wasQuoted = true
                    }
                } else {
                    if byte == 0x0A { line += 1 }
                    field.append(byte)
                }
                index += 1
                continue
            }
            switch byte {
            case 0x22:
                guard field.isEmpty, !wasQuoted else {
                    throw TagsError(.invalidTable, "\(name): line \(line): a quote inside an unquoted field")
                }
                inQuotes = true
            case 0x2C:
                endField()
            case 0x0D where index + 1 < bytes.count && bytes[index + 1] == 0x0A:
                break
            case 0x0A, 0x0D:
                endRecord()
                line += 1
                recordLine = line
            default:
                guard !wasQuoted else {
                    throw TagsError(.invalidTable, "\(name): line \(line): text after a closing quote")
                }
                field.append(byte)
            }
            index += 1
        }
        guard !inQuotes else {
            throw TagsError(.invalidTable, "\(name): line \(recordLine): a quoted field is not closed")
        }
        if !field.isEmpty || !fields.isEmpty || wasQuoted { endRecord() }
        return records
    }
}

import Foundation
import Synchronization

/// A small strict JSON reader producing `Value`s (RFC 8259; nesting limited to 512 levels).
///
/// Large documents (item sets of 100,000 items are 100-300 MB) are read on every core: an array of
/// objects directly inside the top-level value is cut into chunks at `},{` boundaries, each chunk is
/// parsed on its own thread, and a chunk's result is kept only when the chunk before it, parsed from
/// a boundary already proven, ended exactly where it began (a `},{` inside a string or a nested
/// value is then caught and the rest is parsed in one pass). Repeated strings share one storage
/// (`StringInterner`), so 3 million copies of a few thousand tag names cost a few thousand strings.
struct JSONParser {
    /// The text; valid for the parser's whole life (see `CanonicalJSON.parse`).
    private let bytes: UnsafeBufferPointer<UInt8>
    private var index = 0
    private var depth = 0
    private var interner = StringInterner()
    /// Whether large arrays may be parsed in parallel chunks.
    private let parallel: Bool

    /// Documents from this size up are parsed in parallel chunks.
    static let parallelThreshold = 4 << 20

    init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
        parallel = bytes.count >= Self.parallelThreshold && ProcessInfo.processInfo.activeProcessorCount > 1
    }

    /// A parser for one chunk of a large array, starting at `index` inside the array.
    private init(chunkOf bytes: UnsafeBufferPointer<UInt8>, at index: Int, depth: Int) {
        self.bytes = bytes
        self.index = index
        self.depth = depth
        parallel = false
    }

    mutating func parseDocument() throws -> Value {
        skipWhitespace()
        let value = try parseValue()
        skipWhitespace()
        guard index == bytes.count else { throw error("unexpected data after the JSON value") }
        return value
    }

    private func error(_ message: String) -> CanonicalJSON.ParseError {
        CanonicalJSON.ParseError(message: "JSON at byte \(index): \(message)")
    }

    private mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x0a, 0x0d, 0x09: index += 1
            default: return
            }
        }
    }

    private mutating func parseValue() throws -> Value {
        guard index < bytes.count else { throw error("unexpected end of input") }
        switch bytes[index] {
        case UInt8(ascii: "{"): return try parseObject()
        case UInt8(ascii: "["): return try parseArray()
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"):
            try expectWord("true")
            return .bool(true)
        case UInt8(ascii: "f"):
            try expectWord("false")
            return .bool(false)
        case UInt8(ascii: "n"):
            try expectWord("null")
            return .null
        default: return try parseNumber()
        }
    }

    private mutating func expectWord(_ word: String) throws {
        for byte in word.utf8 {
            guard index < bytes.count, bytes[index] == byte else { throw error("expected \(word)") }
            index += 1
        }
    }

    private mutating func enter() throws {
        depth += 1
        if depth > 512 { throw error("nesting deeper than 512 levels") }
    }

    private mutating func parseObject() throws -> Value {
        try enter()
        defer { depth -= 1 }
        index += 1
        var entries: [String: Value] = [:]
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
            index += 1
            return .map(entries)
        }
        while true {
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw error("expected a key") }
            let key = try parseString()
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw error("expected ':'") }
            index += 1
            skipWhitespace()
            entries[key] = try parseValue()
            skipWhitespace()
            guard index < bytes.count else { throw error("unexpected end of input in an object") }
            if bytes[index] == UInt8(ascii: ",") {
                index += 1
            } else if bytes[index] == UInt8(ascii: "}") {
                index += 1
                return .map(entries)
            } else {
                throw error("expected ',' or '}'")
            }
        }
    }

    private mutating func parseArray() throws -> Value {
        try enter()
        defer { depth -= 1 }
        index += 1
        var items: [Value] = []
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
            index += 1
            return .list(items)
        }
        if parallel, depth <= 2, bytes.count - index >= Self.parallelThreshold, bytes[index] == UInt8(ascii: "{") {
            return .list(try parseLargeArray())
        }
        while true {
            skipWhitespace()
            items.append(try parseValue())
            skipWhitespace()
            guard index < bytes.count else { throw error("unexpected end of input in an array") }
            if bytes[index] == UInt8(ascii: ",") {
                index += 1
            } else if bytes[index] == UInt8(ascii: "]") {
                index += 1
                return .list(items)
            } else {
                throw error("expected ',' or ']'")
            }
        }
    }

    /// The elements of an array of objects, the parser standing on the first element's `{`: parsed
    /// in chunks on every core (see the type's documentation), the parser left after the `]`.
    private mutating func parseLargeArray() throws -> [Value] {
        let chunkCount = ProcessInfo.processInfo.activeProcessorCount * 2
        var starts = [index]
        let boundary: [UInt8] = [UInt8(ascii: "}"), UInt8(ascii: ","), UInt8(ascii: "{")]
        let span = (bytes.count - index) / chunkCount
        for chunk in 1..<chunkCount {
            var position = max(index + chunk * span, starts.last! + 1)
            while position + 3 <= bytes.count,
                !(bytes[position] == boundary[0] && bytes[position + 1] == boundary[1]
                    && bytes[position + 2] == boundary[2])
            {
                position += 1
            }
            guard position + 3 <= bytes.count else { break }
            starts.append(position + 2)
        }
        let chunkStarts = starts
        let outcomes = Mutex<[Result<ArrayChunk, any Error>?]>(Array(repeating: nil, count: chunkStarts.count))
        let source = SharedText(bytes: bytes)
        let level = depth
        DispatchQueue.concurrentPerform(iterations: chunkStarts.count) { chunk in
            var parser = JSONParser(chunkOf: source.bytes, at: chunkStarts[chunk], depth: level)
            let end = chunk + 1 < chunkStarts.count ? chunkStarts[chunk + 1] : Int.max
            let outcome = Result { try parser.parseElements(until: end) }
            outcomes.withLock { $0[chunk] = outcome }
        }
        let results = outcomes.withLock { $0 }
        var elements: [Value] = []
        for chunk in results.indices {
            // Chunk 0 starts at a true boundary; each later chunk is trusted only if the one before
            // it ended exactly at its start.
            let parsed = try results[chunk]!.get()
            elements += parsed.elements
            switch parsed.end {
            case .reachedNext:
                continue
            case .closed(let after):
                index = after
                return elements
            case .overshot:
                // A boundary guess fell inside a value: parse the rest in one pass from the end of
                // the last element this chunk read (a true boundary).
                index = parsed.resumeAt
                let rest = try parseElements(until: Int.max)
                elements += rest.elements
                guard case .closed(let after) = rest.end else { throw error("unexpected end of input in an array") }
                index = after
                return elements
            }
        }
        throw error("unexpected end of input in an array")
    }

    /// The text shared by the chunk parsers, which only read it while `parseLargeArray` waits.
    private struct SharedText: @unchecked Sendable {
        let bytes: UnsafeBufferPointer<UInt8>
    }

    /// What a chunk of a large array read, and how it ended.
    private struct ArrayChunk {
        enum End {
            /// The chunk's last element was followed by `,` and the next chunk's start.
            case reachedNext
            /// The array closed; the index after its `]`.
            case closed(Int)
            /// The chunk passed the next chunk's start: that start was not an element boundary.
            case overshot
        }
        var elements: [Value]
        var end: End
        /// The index of the element after the last one read (for `.overshot`).
        var resumeAt: Int
    }

    /// Reads array elements from `index` (an element's start) until the array closes or the next
    /// element would start at or after `limit`.
    private mutating func parseElements(until limit: Int) throws -> ArrayChunk {
        var elements: [Value] = []
        while true {
            elements.append(try parseValue())
            skipWhitespace()
            guard index < bytes.count else { throw error("unexpected end of input in an array") }
            if bytes[index] == UInt8(ascii: "]") {
                return ArrayChunk(elements: elements, end: .closed(index + 1), resumeAt: index)
            }
            guard bytes[index] == UInt8(ascii: ",") else { throw error("expected ',' or ']'") }
            index += 1
            skipWhitespace()
            if index == limit { return ArrayChunk(elements: elements, end: .reachedNext, resumeAt: index) }
            if index > limit { return ArrayChunk(elements: elements, end: .overshot, resumeAt: index) }
        }
    }

    private mutating func parseString() throws -> String {
        index += 1
        // Most strings (keys, names, digests) have no escape: they are made from their bytes at once.
        let start = index
        var high: UInt8 = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                let end = index
                let slice = UnsafeBufferPointer(rebasing: bytes[start..<end])
                let text = high < 0x80 ? interner.string(asciiBytes: slice) : String(validating: slice, as: UTF8.self)
                guard let text else { throw error("invalid UTF-8") }
                index += 1
                return text
            }
            if byte == UInt8(ascii: "\\") || byte < 0x20 { break }
            high |= byte
            index += 1
        }
        var utf8 = Array(bytes[start..<index])
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            switch byte {
            case UInt8(ascii: "\""):
                guard let text = String(validating: utf8, as: UTF8.self) else { throw error("invalid UTF-8") }
                return text
            case UInt8(ascii: "\\"):
                guard index < bytes.count else { throw error("unfinished escape") }
                let escape = bytes[index]
                index += 1
                switch escape {
                case UInt8(ascii: "\""): utf8.append(0x22)
                case UInt8(ascii: "\\"): utf8.append(0x5c)
                case UInt8(ascii: "/"): utf8.append(0x2f)
                case UInt8(ascii: "b"): utf8.append(0x08)
                case UInt8(ascii: "f"): utf8.append(0x0c)
                case UInt8(ascii: "n"): utf8.append(0x0a)
                case UInt8(ascii: "r"): utf8.append(0x0d)
                case UInt8(ascii: "t"): utf8.append(0x09)
                case UInt8(ascii: "u"):
                    var scalar = try parseHex4()
                    if (0xD800..<0xDC00).contains(scalar) {
                        guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"),
                            bytes[index + 1] == UInt8(ascii: "u")
                        else { throw error("unpaired surrogate") }
                        index += 2
                        let low = try parseHex4()
                        guard (0xDC00..<0xE000).contains(low) else { throw error("unpaired surrogate") }
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    }
                    guard let unicode = Unicode.Scalar(scalar) else { throw error("invalid \\u escape") }
                    utf8.append(contentsOf: Array(String(Character(unicode)).utf8))
                default:
                    throw error("invalid escape")
                }
            default:
                guard byte >= 0x20 else { throw error("control character in a string") }
                utf8.append(byte)
            }
        }
        throw error("unterminated string")
    }

    private mutating func parseHex4() throws -> UInt32 {
        guard index + 4 <= bytes.count else { throw error("short \\u escape") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            index += 1
            let digit: UInt32
            switch byte {
            case 48...57: digit = UInt32(byte - 48)
            case 65...70: digit = UInt32(byte - 55)
            case 97...102: digit = UInt32(byte - 87)
            default: throw error("invalid hex digit")
            }
            value = value << 4 | digit
        }
        return value
    }

    private mutating func parseNumber() throws -> Value {
        let start = index
        var isInteger = true
        if index < bytes.count, bytes[index] == UInt8(ascii: "-") { index += 1 }
        while index < bytes.count {
            let byte = bytes[index]
            if byte >= 48 && byte <= 57 {
                index += 1
            } else if byte == UInt8(ascii: ".") || byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E")
                || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-")
            {
                isInteger = false
                index += 1
            } else {
                break
            }
        }
        guard index > start else { throw error("unexpected character") }
        let text = String(decoding: bytes[start..<index], as: UTF8.self)
        if isInteger, let int = Int(text) { return .int(int) }
        guard let double = Double(text), double.isFinite else { throw error("invalid number \(text)") }
        return .number(double)
    }
}

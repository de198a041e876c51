/// Byte-level name helpers for the mapping hot path (no Foundation bridging).
enum NameRules {
    /// kohya's rule: underscores become spaces only in names longer than 3 characters, so short
    /// kaomoji such as `^_^` and `>_<` keep theirs.
    static func underscoresToSpaces(_ name: String) -> String {
        var name = name
        let hasUnderscore = name.withUTF8 { $0.count > 3 && $0.contains(UInt8(ascii: "_")) }
        guard hasUnderscore else { return name }
        // Three scalars take at most 12 bytes: only shorter names need counting.
        if name.utf8.count <= 12, name.unicodeScalars.count <= 3 { return name }
        return name.withUTF8 { bytes in
            String(unsafeUninitializedCapacity: bytes.count) { buffer in
                for index in 0..<bytes.count {
                    let byte = bytes[index]
                    buffer[index] = byte == UInt8(ascii: "_") ? UInt8(ascii: " ") : byte
                }
                return bytes.count
            }
        }
    }

    /// Whether `needle` occurs in `haystack` (bytes); an empty needle always does.
    static func contains(_ haystack: String, _ needle: [UInt8]) -> Bool {
        guard !needle.isEmpty else { return true }
        var text = haystack
        return text.withUTF8 { bytes in
            guard bytes.count >= needle.count else { return false }
            let first = needle[0]
            var start = 0
            let last = bytes.count - needle.count
            while start <= last {
                if bytes[start] == first {
                    var matched = true
                    for offset in 1..<needle.count where bytes[start + offset] != needle[offset] {
                        matched = false
                        break
                    }
                    if matched { return true }
                }
                start += 1
            }
            return false
        }
    }
}

/// A name pattern with `*` wildcards (`*_(cosplay)`, `artist:*`), matched on UTF-8 bytes.
struct GlobPattern: Hashable, Sendable {
    let text: String
    private let parts: [[UInt8]]
    private let anchoredStart: Bool
    private let anchoredEnd: Bool

    init(_ text: String) {
        self.text = text
        parts = text.split(separator: "*", omittingEmptySubsequences: false).map { Array($0.utf8) }
        anchoredStart = !text.hasPrefix("*")
        anchoredEnd = !text.hasSuffix("*")
    }

    func matches(_ name: String) -> Bool {
        var name = name
        return name.withUTF8 { bytes in
            if parts.count == 1 { return bytes.elementsEqual(parts[0]) }
            var position = 0
            var end = bytes.count
            var middle = parts[...]
            if anchoredStart {
                let head = parts[0]
                guard bytes.count >= head.count, bytes[0..<head.count].elementsEqual(head) else { return false }
                position = head.count
                middle = middle.dropFirst()
            }
            if anchoredEnd {
                let tail = parts[parts.count - 1]
                guard end - position >= tail.count, bytes[(end - tail.count)..<end].elementsEqual(tail) else {
                    return false
                }
                end -= tail.count
                middle = middle.dropLast()
            }
            for part in middle where !part.isEmpty {
                guard let found = Self.find(part, in: bytes, from: position, to: end) else { return false }
                position = found + part.count
            }
            return position <= end
        }
    }

    private static func find(_ part: [UInt8], in bytes: UnsafeBufferPointer<UInt8>, from: Int, to: Int) -> Int? {
        guard to - from >= part.count else { return nil }
        for start in from...(to - part.count) where bytes[start..<(start + part.count)].elementsEqual(part) {
            return start
        }
        return nil
    }
}

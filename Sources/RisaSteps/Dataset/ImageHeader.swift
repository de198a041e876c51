import Foundation

/// What `dataset.build` reads from an image's header without decoding it: size, bits per channel
/// and whether it has alpha (PNG, JPEG, WebP, BMP, GIF).
struct ImageHeader: Hashable, Sendable {
    var format: String
    var width: Int
    var height: Int
    var bitDepth: Int
    var hasAlpha: Bool

    /// The header of the image file at `url`, or nil when its format is not one of these or the
    /// header is cut short.
    static func read(_ url: URL) -> ImageHeader? {
        guard let handle = try? FileHandle(forReadingFrom: url) else { return nil }
        defer { try? handle.close() }
        guard let prefix = try? handle.read(upToCount: 1 << 18) else { return nil }
        let bytes = [UInt8](prefix)
        if let header = parse(bytes) { return header }
        // A JPEG's frame header may follow large EXIF or ICC segments.
        if bytes.starts(with: [0xFF, 0xD8]), bytes.count == 1 << 18, let rest = try? handle.readToEnd() {
            return parse(bytes + [UInt8](rest))
        }
        return nil
    }

    /// Parses a header from the first bytes of a file.
    static func parse(_ bytes: [UInt8]) -> ImageHeader? {
        if bytes.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return png(bytes) }
        if bytes.starts(with: [0xFF, 0xD8]) { return jpeg(bytes) }
        if bytes.count >= 30, bytes.starts(with: Array("RIFF".utf8)), Array(bytes[8..<12]) == Array("WEBP".utf8) {
            return webp(bytes)
        }
        if bytes.count >= 30, bytes.starts(with: Array("BM".utf8)) {
            let width = Int(Int32(bitPattern: le32(bytes, 18)))
            let height = Int(Int32(bitPattern: le32(bytes, 22)))
            let bits = Int(le16(bytes, 28))
            return ImageHeader(format: "bmp", width: abs(width), height: abs(height), bitDepth: 8, hasAlpha: bits == 32)
        }
        if bytes.count >= 10, bytes.starts(with: Array("GIF8".utf8)) {
            return ImageHeader(
                format: "gif", width: Int(le16(bytes, 6)), height: Int(le16(bytes, 8)), bitDepth: 8, hasAlpha: false)
        }
        return nil
    }

    private static func png(_ bytes: [UInt8]) -> ImageHeader? {
        guard bytes.count >= 33, Array(bytes[12..<16]) == Array("IHDR".utf8) else { return nil }
        let colorType = bytes[25]
        // Palette and grey images below 8 bits are expanded to 8 bits by every reader.
        let depth = colorType == 3 ? 8 : max(8, Int(bytes[24]))
        var alpha = colorType == 4 || colorType == 6
        var offset = 8
        while !alpha, offset + 8 <= bytes.count {
            let length = Int(be32(bytes, offset))
            let type = String(decoding: bytes[(offset + 4)..<(offset + 8)], as: UTF8.self)
            if type == "tRNS" { alpha = true }
            if type == "IDAT" || type == "IEND" { break }
            offset += 12 + length
        }
        return ImageHeader(
            format: "png", width: Int(be32(bytes, 16)), height: Int(be32(bytes, 20)), bitDepth: depth, hasAlpha: alpha)
    }

    private static func jpeg(_ bytes: [UInt8]) -> ImageHeader? {
        var offset = 2
        while offset + 9 < bytes.count {
            guard bytes[offset] == 0xFF else { return nil }
            let marker = bytes[offset + 1]
            if marker == 0xFF {
                offset += 1
                continue
            }
            if marker == 0xD8 || (0xD0...0xD7).contains(marker) || marker == 0x01 {
                offset += 2
                continue
            }
            let length = Int(be16(bytes, offset + 2))
            if (0xC0...0xCF).contains(marker), marker != 0xC4, marker != 0xC8, marker != 0xCC {
                return ImageHeader(
                    format: "jpeg", width: Int(be16(bytes, offset + 7)), height: Int(be16(bytes, offset + 5)),
                    bitDepth: Int(bytes[offset + 4]), hasAlpha: false)
            }
            offset += 2 + length
        }
        return nil
    }

    private static func webp(_ bytes: [UInt8]) -> ImageHeader? {
        let chunk = String(decoding: bytes[12..<16], as: UTF8.self)
        switch chunk {
        case "VP8X":
            let width = Int(bytes[24]) | Int(bytes[25]) << 8 | Int(bytes[26]) << 16
            let height = Int(bytes[27]) | Int(bytes[28]) << 8 | Int(bytes[29]) << 16
            return ImageHeader(
                format: "webp", width: width + 1, height: height + 1, bitDepth: 8, hasAlpha: bytes[20] & 0x10 != 0)
        case "VP8L":
            guard bytes[20] == 0x2F else { return nil }
            let bits = le32(bytes, 21)
            return ImageHeader(
                format: "webp", width: Int(bits & 0x3FFF) + 1, height: Int((bits >> 14) & 0x3FFF) + 1, bitDepth: 8,
                hasAlpha: (bits >> 28) & 1 == 1)
        case "VP8 ":
            guard bytes[23] == 0x9D, bytes[24] == 0x01, bytes[25] == 0x2A else { return nil }
            return ImageHeader(
                format: "webp", width: Int(le16(bytes, 26) & 0x3FFF), height: Int(le16(bytes, 28) & 0x3FFF),
                bitDepth: 8,
                hasAlpha: false)
        default:
            return nil
        }
    }

    private static func be16(_ bytes: [UInt8], _ at: Int) -> UInt16 { UInt16(bytes[at]) << 8 | UInt16(bytes[at + 1]) }
    private static func le16(_ bytes: [UInt8], _ at: Int) -> UInt16 { UInt16(bytes[at]) | UInt16(bytes[at + 1]) << 8 }
    private static func be32(_ bytes: [UInt8], _ at: Int) -> UInt32 {
        UInt32(bytes[at]) << 24 | UInt32(bytes[at + 1]) << 16 | UInt32(bytes[at + 2]) << 8 | UInt32(bytes[at + 3])
    }
    private static func le32(_ bytes: [UInt8], _ at: Int) -> UInt32 {
        UInt32(bytes[at]) | UInt32(bytes[at + 1]) << 8 | UInt32(bytes[at + 2]) << 16 | UInt32(bytes[at + 3]) << 24
    }
}

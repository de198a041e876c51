/// Reads the picture size a file's header claims, in Swift, before ImageMagick sees the file.
///
/// ImageMagick's ping refuses sizes beyond its policy (16K a side here) without saying why, so Risa
/// reads the size itself to report a bomb as `tooLarge` against its own limits. Nil when the header is
/// too short or the format keeps its size elsewhere (TIFF; ImageMagick's ping answers for those).
enum HeaderSize {
    static func read(_ bytes: [UInt8], format: ImageFormat) -> PixelSize? {
        func be16(_ i: Int) -> Int { Int(bytes[i]) << 8 | Int(bytes[i + 1]) }
        func le16(_ i: Int) -> Int { Int(bytes[i]) | Int(bytes[i + 1]) << 8 }
        func be32(_ i: Int) -> Int { be16(i) << 16 | be16(i + 2) }
        func le32(_ i: Int) -> Int { le16(i) | le16(i + 2) << 16 }
        switch format {
        case .png:
            guard bytes.count >= 24 else { return nil }
            return PixelSize(be32(16), be32(20))
        case .gif:
            guard bytes.count >= 10 else { return nil }
            return PixelSize(le16(6), le16(8))
        case .bmp:
            guard bytes.count >= 26 else { return nil }
            if le32(14) == 12 { return PixelSize(le16(18), le16(20)) }
            return PixelSize(le32(18), abs(Int(Int32(bitPattern: UInt32(le32(22))))))
        case .webp:
            guard bytes.count >= 30 else { return nil }
            switch String(decoding: bytes[12..<16], as: UTF8.self) {
            case "VP8X":
                return PixelSize(
                    1 + (le16(24) | Int(bytes[26]) << 16), 1 + (le16(27) | Int(bytes[29]) << 16))
            case "VP8 ": return PixelSize(le16(26) & 0x3FFF, le16(28) & 0x3FFF)
            case "VP8L":
                let bits = le32(21)
                return PixelSize(1 + bits & 0x3FFF, 1 + (bits >> 14) & 0x3FFF)
            default: return nil
            }
        case .jpeg:
            return jpegSize(bytes)
        case .tiff:
            return nil
        }
    }

    /// The size in the first start-of-frame marker (SOF0...SOF15 but DHT, JPG and DAC).
    private static func jpegSize(_ bytes: [UInt8]) -> PixelSize? {
        var i = 2
        while i + 9 < bytes.count {
            guard bytes[i] == 0xFF else { return nil }
            let marker = bytes[i + 1]
            if marker == 0xFF {
                i += 1
                continue
            }
            let length = Int(bytes[i + 2]) << 8 | Int(bytes[i + 3])
            if (0xC0...0xCF).contains(marker) && ![0xC4, 0xC8, 0xCC].contains(marker) {
                let height = Int(bytes[i + 5]) << 8 | Int(bytes[i + 6])
                let width = Int(bytes[i + 7]) << 8 | Int(bytes[i + 8])
                return PixelSize(width, height)
            }
            if marker == 0xDA || length < 2 { return nil }
            i += 2 + length
        }
        return nil
    }
}

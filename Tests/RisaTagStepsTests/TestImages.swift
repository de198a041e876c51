/// Small PNG files made at test time (stored zlib blocks, no compression library needed).
enum TestImages {
    /// A `width` x `height` PNG filled with one colour; `alpha` adds an alpha channel, `bitDepth` 16
    /// makes a 16-bit image.
    static func png(
        width: Int, height: Int, rgb: (UInt8, UInt8, UInt8) = (200, 40, 40), alpha: Bool = false,
        bitDepth: UInt8 = 8
    ) -> [UInt8] {
        let channels = alpha ? 4 : 3
        let bytesPerSample = bitDepth == 16 ? 2 : 1
        var raw: [UInt8] = []
        let pixel: [UInt8] = [rgb.0, rgb.1, rgb.2] + (alpha ? [128] : [])
        for _ in 0..<height {
            raw.append(0)
            for _ in 0..<width {
                for sample in pixel.prefix(channels) {
                    raw += Array(repeating: sample, count: bytesPerSample)
                }
            }
        }
        var header: [UInt8] = []
        header += be32(UInt32(width)) + be32(UInt32(height))
        header += [bitDepth, alpha ? 6 : 2, 0, 0, 0]
        return [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
            + chunk("IHDR", header) + chunk("IDAT", zlibStored(raw)) + chunk("IEND", [])
    }

    private static func chunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
        let typed = Array(type.utf8) + data
        return be32(UInt32(data.count)) + typed + be32(crc32(typed))
    }

    private static func zlibStored(_ data: [UInt8]) -> [UInt8] {
        var out: [UInt8] = [0x78, 0x01]
        var offset = 0
        repeat {
            let length = min(65535, data.count - offset)
            let final: UInt8 = offset + length >= data.count ? 1 : 0
            out += [
                final, UInt8(length & 0xFF), UInt8(length >> 8), UInt8(~length & 0xFF), UInt8((~length >> 8) & 0xFF),
            ]
            out += data[offset..<(offset + length)]
            offset += length
        } while offset < data.count
        var a: UInt32 = 1
        var b: UInt32 = 0
        for byte in data {
            a = (a + UInt32(byte)) % 65521
            b = (b + a) % 65521
        }
        return out + be32(b << 16 | a)
    }

    private static func crc32(_ data: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in data {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }

    private static func be32(_ value: UInt32) -> [UInt8] {
        [UInt8(value >> 24), UInt8((value >> 16) & 0xFF), UInt8((value >> 8) & 0xFF), UInt8(value & 0xFF)]
    }
}

import Foundation

@testable import RisaMedia

/// Test images made by code (no binary fixtures).
enum ImageFixtures {
    /// A smooth RGB gradient with some structure: red grows left to right, green top to bottom.
    static func gradient(_ width: Int, _ height: Int) -> PixelBuffer {
        var bytes = [UInt8]()
        bytes.reserveCapacity(width * height * 3)
        for y in 0..<height {
            for x in 0..<width {
                let stripe: UInt8 = (x / 8 + y / 8) % 2 == 0 ? 40 : 200
                bytes += [UInt8(x * 255 / max(width - 1, 1)), UInt8(y * 255 / max(height - 1, 1)), stripe]
            }
        }
        return PixelBuffer(width: width, height: height, layout: .rgb, bytes: bytes)
    }

    /// A photo-like picture: a soft background with a dozen soft-edged discs of random sizes, places
    /// and colours (from `seed`), so its low frequencies are all present, as in real photos.
    static func scene(_ width: Int, _ height: Int, seed: UInt32 = 1) -> PixelBuffer {
        var state = seed
        func next() -> Double {
            state = state &* 1_664_525 &+ 1_013_904_223
            return Double(state >> 8) / Double(1 << 24)
        }
        let discs = (0..<12).map { _ in
            (
                x: next() * Double(width), y: next() * Double(height),
                r: (0.08 + 0.2 * next()) * Double(width),
                colour: [next() * 255, next() * 255, next() * 255]
            )
        }
        var bytes = [UInt8]()
        bytes.reserveCapacity(width * height * 3)
        for y in 0..<height {
            for x in 0..<width {
                var pixel = [Double(x) / Double(width) * 200, Double(y) / Double(height) * 200, 100]
                for disc in discs {
                    let dx = Double(x) - disc.x
                    let dy = Double(y) - disc.y
                    let d = (dx * dx + dy * dy).squareRoot()
                    let weight = max(0, min(1, (disc.r - d) / (0.3 * disc.r)))
                    for c in 0..<3 { pixel[c] = pixel[c] * (1 - weight) + disc.colour[c] * weight }
                }
                bytes += pixel.map { UInt8(max(0, min(255, $0))) }
            }
        }
        return PixelBuffer(width: width, height: height, layout: .rgb, bytes: bytes)
    }

    /// A grey image with a red square in its top-left corner (`marker` pixels a side).
    static func marked(_ width: Int, _ height: Int, marker: Int = 8) -> PixelBuffer {
        var buffer = PixelBuffer(
            width: width, height: height, layout: .rgb, filledWith: [128, 128, 128])
        for y in 0..<marker {
            for x in 0..<marker {
                let i = (y * width + x) * 3
                buffer.bytes[i] = 255
                buffer.bytes[i + 1] = 0
                buffer.bytes[i + 2] = 0
            }
        }
        return buffer
    }

    /// A deterministic noisy image (a linear congruential generator), for sharpness and hash tests.
    static func noise(_ width: Int, _ height: Int, seed: UInt32) -> PixelBuffer {
        var state = seed
        var bytes = [UInt8](repeating: 0, count: width * height * 3)
        for i in 0..<bytes.count {
            state = state &* 1_664_525 &+ 1_013_904_223
            bytes[i] = UInt8(state >> 24)
        }
        return PixelBuffer(width: width, height: height, layout: .rgb, bytes: bytes)
    }

    /// An EXIF APP1 payload (as ImageMagick stores the `exif` profile) holding only the orientation.
    static func exif(orientation: Int) -> [UInt8] {
        Array("Exif".utf8) + [0, 0] + Array("MM".utf8) + [0, 42, 0, 0, 0, 8]
            + [0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, UInt8(orientation), 0, 0] + [0, 0, 0, 0]
    }

    /// A PNG whose header claims `width` x `height` RGB pixels but holds almost no data.
    static func pngHeaderOnly(width: UInt32, height: UInt32) -> [UInt8] {
        func be(_ v: UInt32) -> [UInt8] {
            [UInt8(v >> 24), UInt8((v >> 16) & 0xFF), UInt8((v >> 8) & 0xFF), UInt8(v & 0xFF)]
        }
        func chunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
            let body = Array(type.utf8) + data
            return be(UInt32(data.count)) + body + be(crc32(body))
        }
        let ihdr = be(width) + be(height) + [8, 2, 0, 0, 0]
        let idat: [UInt8] = [0x78, 0x9C, 0x63, 0x00, 0x00, 0x00, 0x01, 0x00, 0x01]
        return [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + chunk("IHDR", ihdr)
            + chunk("IDAT", idat)
            + chunk("IEND", [])
    }

    /// zlib's CRC-32 (the PNG chunk checksum).
    static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }

    /// Encodes pixels with any ImageMagick coder (`BMP`, `GIF`, `TIFF`, `PNG8`, ...).
    static func encoded(_ pixels: PixelBuffer, as magick: String, depth: Int = 8) throws -> [UInt8] {
        try MagickImage(pixels: pixels).encodeBlob(magick: magick, depth: depth)
    }

    /// A fresh temporary directory.
    static func directory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent(
            "risa-image-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Writes `bytes` to a file called `name` in a fresh temporary directory and returns its path.
    static func file(_ name: String, _ bytes: [UInt8]) throws -> String {
        let path = try directory().appendingPathComponent(name).path
        try ImageFile.store(bytes, to: path)
        return path
    }
}

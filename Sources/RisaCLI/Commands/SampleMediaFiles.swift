import Foundation
import RisaMedia

/// The files `risa sample-media` writes: made by code, the same bytes on every run.
enum SampleMedia {
    /// A synthetic video with a scene cut every 2.5 seconds; `variant` shifts the scene colours so
    /// that different videos do not look alike.
    static func video(
        _ path: String, format: VideoFormat, width: Int, height: Int, frameRate: Int, seconds: Int,
        variant: Int = 0
    ) throws {
        let frames = frameRate * seconds
        // Negative cut positions count for every frame: they only move the colour cycle along.
        let cuts =
            Array(repeating: -1, count: variant * 3)
            + Array(stride(from: frameRate * 5 / 2, to: frames, by: frameRate * 5 / 2))
        let writer = try VideoWriter(
            path: path,
            configuration: .init(
                format: format, width: width, height: height, frameRate: frameRate,
                keyframeInterval: frameRate * 2, bitRate: width >= 1280 ? 4_000_000 : 800_000,
                // The benchmark video is encoded on every core; small samples stay bit-identical.
                encoderOptions: width >= 1280 ? ["threads": "0"] : [:]))
        for index in 0..<frames {
            try writer.append(SyntheticVideo.frame(index: index, width: width, height: height, sceneCuts: cuts))
        }
        try writer.finish()
    }

    /// `count` photo-like JPEGs of 3000x2000 (benchmark input).
    static func benchJPEGs(_ folder: URL, count: Int) throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        // One large picture, cheaply varied per file, so that writing 100 of them takes seconds.
        let base = scene(750, 500, seed: 7)
        let large = try ImageTransform.apply(
            [.resize(Resize(.exact(width: 3000, height: 2000), upscale: true))],
            to: MagickImage(pixels: base)
        ).image
        for index in 0..<count {
            let varied = try ImageTransform.apply(
                [
                    .crop(.box(x: index % 50, y: index % 40, width: 2950, height: 1960)),
                    .pad(
                        .size(width: 3000, height: 2000), color: RGBColor(red: UInt8(index % 256), green: 80, blue: 160)
                    ),
                ],
                to: large
            ).image
            try varied.write(
                .jpeg(quality: 90), to: folder.appendingPathComponent(String(format: "photo%03d.jpg", index + 1)).path)
        }
    }

    /// The sample images; returns their paths.
    static func images(_ folder: URL, count: Int) throws -> [String] {
        var written: [String] = []
        func write(_ name: String, _ bytes: [UInt8]) throws {
            let url = folder.appendingPathComponent(name)
            try Data(bytes).write(to: url)
            written.append(url.path)
        }
        let encodings: [ImageEncoding] = [.jpeg(quality: 92), .png(), .webp(quality: 90)]
        for index in 0..<count {
            let encoding = encodings[index % encodings.count]
            let picture = scene(index % 2 == 0 ? 640 : 480, index % 2 == 0 ? 480 : 640, seed: UInt32(100 + index))
            try write("photo\(index + 1).\(encoding.fileExtension)", MagickImage(pixels: picture).encode(encoding))
        }
        // Stored 480x320 with EXIF orientation 6: a viewer turns it to 320x480.
        let rotated = try MagickImage(pixels: scene(480, 320, seed: 21)).encode(.jpeg(quality: 92))
        try write("rotated-exif.jpg", withEXIFOrientation(rotated, 6))
        try write("alpha.png", MagickImage(pixels: withAlpha(scene(400, 400, seed: 33))).encode(.png()))
        try write("cmyk.tif", cmykTIFF(scene(320, 320, seed: 44)))
        let original = scene(512, 384, seed: 55)
        try write("pair-a.jpg", MagickImage(pixels: original).encode(.jpeg(quality: 95)))
        let copy = try ImageTransform.apply([.resize(Resize(.longSide(448)))], to: MagickImage(pixels: original)).image
        try write("pair-b.jpg", copy.encode(.jpeg(quality: 70)))
        let soft = try ImageTransform.apply(
            [.resize(Resize(.longSide(40))), .resize(Resize(.longSide(512), filter: .triangle, upscale: true))],
            to: MagickImage(pixels: scene(512, 384, seed: 66))
        ).image
        try write("blurry.png", soft.encode(.png()))
        try write("tiny.png", MagickImage(pixels: scene(48, 32, seed: 77)).encode(.png()))
        return written
    }

    /// A photo-like picture: a gradient with soft discs and fine stripes (so it is not blurry).
    static func scene(_ width: Int, _ height: Int, seed: UInt32) -> PixelBuffer {
        var state = seed
        func next() -> Double {
            state = state &* 1_664_525 &+ 1_013_904_223
            return Double(state >> 8) / Double(1 << 24)
        }
        let discs = (0..<8).map { _ in
            (
                x: next() * Double(width), y: next() * Double(height),
                r: (0.08 + 0.2 * next()) * Double(max(width, height)),
                colour: [next() * 255, next() * 255, next() * 255]
            )
        }
        var bytes = [UInt8](repeating: 0, count: width * height * 3)
        for y in 0..<height {
            for x in 0..<width {
                var pixel = [Double(x) / Double(width) * 200, Double(y) / Double(height) * 200, 100]
                for disc in discs {
                    let dx = Double(x) - disc.x
                    let dy = Double(y) - disc.y
                    let weight = max(0, min(1, (disc.r - (dx * dx + dy * dy).squareRoot()) / (0.2 * disc.r)))
                    for c in 0..<3 { pixel[c] = pixel[c] * (1 - weight) + disc.colour[c] * weight }
                }
                let stripe = (x / 3 + y / 3) % 2 == 0 ? 18.0 : -18.0
                for c in 0..<3 { bytes[(y * width + x) * 3 + c] = UInt8(max(0, min(255, pixel[c] + stripe))) }
            }
        }
        return PixelBuffer(width: width, height: height, layout: .rgb, bytes: bytes)
    }

    /// The picture with a transparent border and a half-transparent middle band.
    static func withAlpha(_ picture: PixelBuffer) -> PixelBuffer {
        var bytes = [UInt8]()
        bytes.reserveCapacity(picture.width * picture.height * 4)
        for y in 0..<picture.height {
            for x in 0..<picture.width {
                let pixel = picture.pixel(x: x, y: y)
                let border =
                    x < picture.width / 8 || x >= picture.width * 7 / 8 || y < picture.height / 8
                    || y >= picture.height * 7 / 8
                let band = abs(y - picture.height / 2) < picture.height / 16
                bytes += Array(pixel) + [border ? 0 : band ? 128 : 255]
            }
        }
        return PixelBuffer(width: picture.width, height: picture.height, layout: .rgba, bytes: bytes)
    }

    /// A JPEG with an EXIF APP1 segment holding only `orientation`, inserted after the SOI marker.
    static func withEXIFOrientation(_ jpeg: [UInt8], _ orientation: UInt8) -> [UInt8] {
        let tiff: [UInt8] =
            Array("MM".utf8) + [0, 42, 0, 0, 0, 8] + [0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, orientation, 0, 0] + [
                0, 0, 0, 0,
            ]
        let payload = Array("Exif".utf8) + [0, 0] + tiff
        let length = payload.count + 2
        return Array(jpeg.prefix(2)) + [0xFF, 0xE1, UInt8(length >> 8), UInt8(length & 0xFF)] + payload
            + Array(jpeg.dropFirst(2))
    }

    /// An uncompressed little-endian CMYK TIFF of an RGB picture (naive conversion, K = 255 - max).
    static func cmykTIFF(_ picture: PixelBuffer) -> [UInt8] {
        func le16(_ v: Int) -> [UInt8] { [UInt8(v & 0xFF), UInt8(v >> 8 & 0xFF)] }
        func le32(_ v: Int) -> [UInt8] { le16(v & 0xFFFF) + le16(v >> 16) }
        let (w, h) = (picture.width, picture.height)
        let entries: [(tag: Int, type: Int, count: Int, value: Int)] = [
            (256, 4, 1, w), (257, 4, 1, h), (258, 3, 4, 134), (259, 3, 1, 1), (262, 3, 1, 5), (273, 4, 1, 142),
            (277, 3, 1, 4), (278, 4, 1, h), (279, 4, 1, w * h * 4), (284, 3, 1, 1),
        ]
        var bytes: [UInt8] = Array("II".utf8) + le16(42) + le32(8) + le16(entries.count)
        for entry in entries {
            let value = entry.type == 3 && entry.count == 1 ? le16(entry.value) + [0, 0] : le32(entry.value)
            bytes += le16(entry.tag) + le16(entry.type) + le32(entry.count) + value
        }
        bytes += le32(0) + le16(8) + le16(8) + le16(8) + le16(8)
        bytes.reserveCapacity(bytes.count + w * h * 4)
        for offset in stride(from: 0, to: picture.bytes.count, by: 3) {
            let (r, g, b) = (Int(picture.bytes[offset]), Int(picture.bytes[offset + 1]), Int(picture.bytes[offset + 2]))
            let k = 255 - max(r, g, b)
            bytes += [UInt8(255 - r - k), UInt8(255 - g - k), UInt8(255 - b - k), UInt8(k)]
        }
        return bytes
    }
}

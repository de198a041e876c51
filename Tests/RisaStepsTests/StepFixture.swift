import Foundation
import RisaCore
import RisaSteps
import Synchronization

@testable import RisaMedia

/// A temporary folder to make media in and to call step implementations directly, with a
/// `StepInvocation` built as the engine builds one.
final class StepFixture: Sendable {
    let root: URL
    private let logBox = LogBox()
    private let counter = Mutex(0)

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("risa-steps-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    }

    func remove() { try? FileManager.default.removeItem(at: root) }

    var logs: [String] { logBox.lines.withLock { $0 } }

    func path(_ name: String) -> String { root.appendingPathComponent(name).path }

    /// Writes `bytes` at `name` (folders made) and returns the URL.
    @discardableResult
    func write(_ name: String, _ bytes: [UInt8]) throws -> URL {
        let url = root.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(bytes).write(to: url)
        return url
    }

    /// Encodes `pixels` as `encoding` into `name`.
    @discardableResult
    func image(_ name: String, _ pixels: PixelBuffer, _ encoding: ImageEncoding = .png()) throws -> URL {
        try write(name, MagickImage(pixels: pixels).encode(encoding))
    }

    /// Writes a synthetic video and returns its URL.
    @discardableResult
    func video(
        _ format: VideoFormat, name: String? = nil, frames: Int = 50, frameRate: Int = 25, width: Int = 160,
        height: Int = 120, keyframeInterval: Int = 12, sceneCuts: [Int] = [], rotation: Int = 0
    ) throws -> URL {
        let url = root.appendingPathComponent(name ?? "video.\(format.fileExtension)")
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        let writer = try VideoWriter(
            path: url.path,
            configuration: .init(
                format: format, width: width, height: height, frameRate: frameRate,
                keyframeInterval: keyframeInterval, rotation: rotation, bitRate: 2_000_000))
        for index in 0..<frames {
            try writer.append(SyntheticVideo.frame(index: index, width: width, height: height, sceneCuts: sceneCuts))
        }
        try writer.finish()
        return url
    }

    /// The file at `url` as an input item named `name`.
    func item(_ url: URL, name: String? = nil, metadata: [String: Value] = [:]) throws -> InputItem {
        let data = try Data(contentsOf: url)
        return InputItem(
            name: name ?? url.lastPathComponent, file: url, digest: Digest(of: data), size: Int64(data.count),
            metadata: metadata)
    }

    /// An invocation of step `stepId` with `arguments`, a fresh output folder, and `sets` as its
    /// item-set arguments.
    func invocation(
        _ arguments: [String: Value], sets: [String: [InputItem]] = [:], stepId: String = "s",
        resources: StepResources = StepResources()
    ) throws -> StepInvocation {
        let number = counter.withLock { value in
            value += 1
            return value
        }
        let output = root.appendingPathComponent("out-\(number)")
        try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
        let scratchURL = root.appendingPathComponent("scratch-\(number)")
        return StepInvocation(
            stepId: stepId, arguments: arguments, outputDirectory: output,
            scratch: ScratchDirectory {
                try FileManager.default.createDirectory(at: scratchURL, withIntermediateDirectories: true)
                return scratchURL
            },
            projectRoot: root, timeout: nil,
            log: { [logBox] channel, line in logBox.lines.withLock { $0.append("\(channel.rawValue): \(line)") } },
            processSlots: ProcessSlots(2),
            itemSets: { name in
                guard let items = sets[name] else { throw StepFailure("no set \(name)", retryable: false) }
                return items
            }, resources: resources)
    }

    /// Runs a per-item step on `item`; returns the outcome and the folder its files are in.
    func process(
        _ step: some ItemStepImplementation, _ item: InputItem, _ arguments: [String: Value]
    ) async throws
        -> (outcome: ItemOutcome, folder: URL)
    {
        let invocation = try invocation(arguments)
        return (try await step.process(item, invocation), invocation.outputDirectory)
    }

    /// The file a produced item's bytes are in.
    static func file(_ item: ProducedItem, in folder: URL) -> URL {
        switch item.content {
        case .file(let path): folder.appendingPathComponent(path)
        case .input(let path, _, _): URL(fileURLWithPath: path)
        }
    }

    /// The message of the error `body` throws (nil when it succeeds).
    static func message(_ body: () async throws -> Void) async -> String? {
        do {
            try await body()
            return nil
        } catch {
            return "\(error)"
        }
    }
}

/// Log lines a step wrote.
final class LogBox: Sendable {
    let lines = Mutex<[String]>([])
}

/// Test pictures.
enum Pictures {
    /// A photo-like picture: a gradient with soft discs, different for each `seed`.
    static func scene(_ width: Int, _ height: Int, seed: UInt32 = 1) -> PixelBuffer {
        var state = seed
        func next() -> Double {
            state = state &* 1_664_525 &+ 1_013_904_223
            return Double(state >> 8) / Double(1 << 24)
        }
        let discs = (0..<8).map { _ in
            (
                x: next() * Double(width), y: next() * Double(height), r: (0.1 + 0.2 * next()) * Double(width),
                colour: [next() * 255, next() * 255, next() * 255]
            )
        }
        var bytes = [UInt8]()
        bytes.reserveCapacity(width * height * 3)
        for y in 0..<height {
            for x in 0..<width {
                var pixel = [Double(x) / Double(width) * 200, Double(y) / Double(height) * 200, 100]
                for disc in discs {
                    let d = ((Double(x) - disc.x) * (Double(x) - disc.x) + (Double(y) - disc.y) * (Double(y) - disc.y))
                        .squareRoot()
                    let weight = max(0, min(1, (disc.r - d) / (0.3 * disc.r)))
                    for c in 0..<3 { pixel[c] = pixel[c] * (1 - weight) + disc.colour[c] * weight }
                }
                bytes += pixel.map { UInt8(max(0, min(255, $0))) }
            }
        }
        return PixelBuffer(width: width, height: height, layout: .rgb, bytes: bytes)
    }

    /// Black and white squares of 4 pixels: as sharp as a picture gets.
    static func checker(_ width: Int, _ height: Int) -> PixelBuffer {
        var buffer = PixelBuffer(width: width, height: height, layout: .rgb, filledWith: [0, 0, 0])
        for y in 0..<height {
            for x in 0..<width where (x / 4 + y / 4) % 2 == 0 {
                let i = (y * width + x) * 3
                buffer.bytes[i] = 255
                buffer.bytes[i + 1] = 255
                buffer.bytes[i + 2] = 255
            }
        }
        return buffer
    }

    /// One colour everywhere.
    static func solid(_ width: Int, _ height: Int, _ rgb: [UInt8]) -> PixelBuffer {
        PixelBuffer(width: width, height: height, layout: rgb.count == 4 ? .rgba : .rgb, filledWith: rgb)
    }

    /// A grey image with a red square in its top-left corner.
    static func marked(_ width: Int, _ height: Int, marker: Int = 8) -> PixelBuffer {
        var buffer = PixelBuffer(width: width, height: height, layout: .rgb, filledWith: [128, 128, 128])
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

    /// A JPEG of `pixels` stored with EXIF orientation `orientation`.
    static func rotatedJPEG(_ pixels: PixelBuffer, orientation: ImageOrientation) throws -> [UInt8] {
        let image = try MagickImage(pixels: pixels)
        let exif =
            Array("Exif".utf8) + [0, 0] + Array("MM".utf8) + [0, 42, 0, 0, 0, 8]
            + [0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, UInt8(orientation.rawValue), 0, 0] + [0, 0, 0, 0]
        try image.embedProfile("exif", exif)
        try image.setOrientationTag(orientation)
        return try image.encode(.jpeg(quality: 95))
    }

    /// A CMYK JPEG of one sRGB colour.
    static func cmykJPEG(_ width: Int, _ height: Int, _ rgb: [UInt8]) throws -> [UInt8] {
        let image = try MagickImage(pixels: solid(width, height, rgb))
        try image.convertToCMYK()
        return try image.encode(.jpeg(quality: 95))
    }

    /// The pixel at (x, y) of an image file, as RGB(A).
    static func pixel(_ url: URL, x: Int, y: Int) throws -> [UInt8] {
        let image = try MagickImage(file: url.path)
        let buffer = try image.pixelBuffer(image.hasAlpha ? .rgba : .rgb)
        return Array(buffer.pixel(x: x, y: y))
    }

    /// A PNG whose header claims `width` x `height` pixels but holds almost no data (a bomb).
    static func pngHeaderOnly(width: UInt32, height: UInt32) -> [UInt8] {
        func be(_ v: UInt32) -> [UInt8] {
            [UInt8(v >> 24), UInt8((v >> 16) & 0xFF), UInt8((v >> 8) & 0xFF), UInt8(v & 0xFF)]
        }
        func crc32(_ bytes: [UInt8]) -> UInt32 {
            var crc: UInt32 = 0xFFFF_FFFF
            for byte in bytes {
                crc ^= UInt32(byte)
                for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
            }
            return ~crc
        }
        func chunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
            let body = Array(type.utf8) + data
            return be(UInt32(data.count)) + body + be(crc32(body))
        }
        let idat: [UInt8] = [0x78, 0x9C, 0x63, 0x00, 0x00, 0x00, 0x01, 0x00, 0x01]
        return [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
            + chunk("IHDR", be(width) + be(height) + [8, 2, 0, 0, 0])
            + chunk("IDAT", idat) + chunk("IEND", [])
    }
}

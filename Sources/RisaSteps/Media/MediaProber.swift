import Foundation
import RisaCore
import RisaMedia

/// Decides what one imported file is (an image, a video, or bad input) from its content, and
/// describes it as item metadata.
enum MediaProber {
    /// What a file turned out to be.
    enum Kind: Equatable { case image, video }

    /// A file that can be imported.
    struct Probed {
        var kind: Kind
        /// Metadata: format, width, height (upright), and for videos duration, fps, codec.
        var metadata: [String: Value]
        /// The extension the content calls for, when the file's own extension names another format.
        var realExtension: String?
    }

    /// Probes `url`; `label` names it in errors.
    /// - Throws: `StepFailure` naming `label`: empty, unsupported, corrupt, too large.
    static func probe(_ url: URL, label: String) throws -> Probed {
        let handle = try FileHandle(forReadingFrom: url)
        let head = try handle.read(upToCount: 32) ?? Data()
        try? handle.close()
        guard !head.isEmpty else {
            throw StepFailure("\(label): the file is empty (0 bytes) [empty]", retryable: false)
        }
        let fileExtension = url.pathExtension
        if let format = ImageFormat.detect(Array(head)) {
            let info = try MediaSupport.naming(label) { try MagickImage.probe(file: url.path) }
            if format == .gif && info.frameCount > 1 { return try probeVideo(url, label: label) }
            // A decode at the smallest scale (1/8 for JPEG) finds truncated or damaged data cheaply.
            _ = try MediaSupport.naming(label) { try MagickImage(file: url.path, decodeAtLeast: PixelSize(1, 1)) }
            let metadata: [String: Value] = [
                ItemMetadata.format: .string(format.rawValue),
                ItemMetadata.width: .int(info.orientedWidth),
                ItemMetadata.height: .int(info.orientedHeight),
                ItemMetadata.box: ItemMetadata.boxValue(
                    x: 0, y: 0, width: Double(info.orientedWidth), height: Double(info.orientedHeight)),
            ]
            let named = ImageFormat(fileExtension: fileExtension)
            return Probed(kind: .image, metadata: metadata, realExtension: named == format ? nil : format.fileExtension)
        }
        return try probeVideo(url, label: label)
    }

    /// Usual extensions of libavformat demuxers whose names are not extensions; the first is the
    /// name used when the file's own extension is not one of them.
    static let aliases: [String: [String]] = [
        "matroska": ["mkv"], "asf": ["wmv", "asf"], "mpeg": ["mpg", "vob", "mpeg"], "mpegts": ["ts", "m2ts"],
    ]

    private static func probeVideo(_ url: URL, label: String) throws -> Probed {
        let probe: VideoProbe
        do {
            probe = try VideoProbe(path: url.path)
        } catch {
            if error.code == .notAVideo {
                throw StepFailure(
                    "\(label): unsupported format: the content is neither an image (JPEG, PNG, WebP, GIF, BMP, TIFF) "
                        + "nor a video libavformat reads [unsupported]", retryable: false)
            }
            throw MediaSupport.itemFailure(error, item: label)
        }
        // Decoding the first frame finds damaged streams and frames beyond the pixel limit.
        try MediaSupport.naming(label) {
            let extractor = try FrameExtractor(
                path: url.path, options: FrameExtractionOptions(selection: .all, maxFrames: 1))
            _ = try extractor.next()
        }
        var names = probe.formatName.split(separator: ",").map(String.init)
        names += names.flatMap { aliases[$0] ?? [] }
        let ext = url.pathExtension.lowercased()
        let format = names.contains(ext) ? ext : (names.first.map { aliases[$0]?.first ?? $0 } ?? probe.formatName)
        var metadata: [String: Value] = [
            ItemMetadata.format: .string(format),
            ItemMetadata.width: .int(probe.displayWidth),
            ItemMetadata.height: .int(probe.displayHeight),
            ItemMetadata.box: ItemMetadata.boxValue(
                x: 0, y: 0, width: Double(probe.displayWidth), height: Double(probe.displayHeight)),
            "codec": .string(probe.codecName),
        ]
        if let duration = probe.duration { metadata["duration"] = .number((duration * 1000).rounded() / 1000) }
        if let fps = probe.averageFrameRate.value ?? probe.realFrameRate.value, fps.isFinite, fps > 0 {
            metadata["fps"] = .number((fps * 1000).rounded() / 1000)
        }
        // A video named like an image (`clip.jpg`) is renamed after its container.
        let named = ImageFormat(fileExtension: ext) != nil && format != ext
        return Probed(kind: .video, metadata: metadata, realExtension: named ? format : nil)
    }
}

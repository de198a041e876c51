import RisaCore

/// The metadata keys every step family reads and writes on items, so that provenance, sizes and
/// tags mean the same thing from `media.import` to `dataset.build`. A step passes on the metadata
/// it does not own, and changes only its own keys.
///
/// | key | value | set by |
/// | --- | --- | --- |
/// | `source` | `{"path": "videos/a.mp4", "digest": "sha256:..."}` or `{"url": ..., "digest": ...}` | `media.import` |
/// | `frame` | `{"video": "sha256:...", "pts": 12.5, "index": 375, "key": true}` (seconds from the stream start) | `video.frames` |
/// | `box` | `[x, y, width, height]` in pixels of the source frame or image (after orientation) | frames, imports, every crop |
/// | `width`, `height` | pixels of the item as it is now | image and frame steps |
/// | `format` | `png`, `jpeg`, `webp`, `gif`, `bmp`, `tiff`, `mp4`, ... (from the content, not the name) | probes |
/// | `tags` | `[{"name": ..., "category": ..., "score": 0.9, "source": ...}, ...]` | tag steps |
/// | `caption` | the caption text | `caption.write` |
/// | `rejected` | the reason a filter left the item out (in its `rejected` set only) | filters |
public enum ItemMetadata {
    /// Where the item's bytes entered the pipeline.
    public static let source = "source"
    /// The video frame the item was taken from.
    public static let frame = "frame"
    /// The region of the source the pixels come from.
    public static let box = "box"
    /// Width in pixels.
    public static let width = "width"
    /// Height in pixels.
    public static let height = "height"
    /// The real format, from the content.
    public static let format = "format"
    /// The item's tags (column-wise; read and write them with `TagMetadata`).
    public static let tags = "tags"
    /// The item's caption.
    public static let caption = "caption"
    /// Why a filter rejected the item.
    public static let rejected = "rejected"

    /// A box as stored: `[x, y, width, height]`.
    public static func boxValue(x: Double, y: Double, width: Double, height: Double) -> Value {
        .list([x, y, width, height].map { $0 == $0.rounded() && abs($0) < 1e15 ? .int(Int($0)) : .number($0) })
    }

    /// The box stored in `metadata`, if it is one.
    public static func box(in metadata: [String: Value]) -> (x: Double, y: Double, width: Double, height: Double)? {
        guard case .list(let parts) = metadata[box] ?? .null, parts.count == 4 else { return nil }
        let numbers = parts.compactMap(\.doubleValue)
        guard numbers.count == 4 else { return nil }
        return (numbers[0], numbers[1], numbers[2], numbers[3])
    }
}

import RisaTags

/// What a requirements check knows of one dataset image (the step layer fills it from the file and
/// its probe); no I/O happens here.
public struct DatasetItem: Hashable, Sendable {
    /// The image's file name or relative path (its extension is checked).
    public var name: String
    /// Width in pixels.
    public var width: Int
    /// Height in pixels.
    public var height: Int
    /// Bits per channel.
    public var bitDepth: Int
    /// Whether the image has an alpha channel.
    public var hasAlpha: Bool
    /// The caption file's bytes, nil when there is no caption file.
    public var caption: [UInt8]?

    /// An item with the given facts.
    public init(name: String, width: Int, height: Int, bitDepth: Int = 8, hasAlpha: Bool = false, caption: [UInt8]?) {
        self.name = name
        self.width = width
        self.height = height
        self.bitDepth = bitDepth
        self.hasAlpha = hasAlpha
        self.caption = caption
    }
}

/// One way a dataset or an item fails the requirements.
public struct DatasetViolation: Hashable, Sendable, CustomStringConvertible {
    /// What is wrong.
    public enum Code: String, Hashable, Sendable {
        case tooFewItems, unsupportedFormat, bitDepth, unexpectedAlpha, tooSmall, duplicateStem
        case missingCaption, emptyCaption, multiLineCaption, captionNotUTF8
    }

    /// The item's name, nil for a violation of the whole dataset.
    public let item: String?
    /// What is wrong.
    public let code: Code
    /// A message naming the item and what to do.
    public let message: String

    public var description: String { message }
}

/// What kohya needs of a dataset: enough images, in a format it reads, 8 bits per channel, alpha only
/// when `alpha_mask` is on, and a caption per image that is UTF-8, not empty, and one line (kohya
/// reads only the first line).
public struct DatasetRequirements: Hashable, Sendable {
    /// The fewest images a dataset may have.
    public var minimumItems = 1
    /// The shortest side an image may have, when set.
    public var minimumSide: Int?
    /// Whether the subset trains with `alpha_mask` (then alpha is expected, not refused).
    public var alphaMask = false
    /// Whether each image must have a caption file.
    public var requireCaptions = true
    /// The image extensions allowed (lowercase, with the dot; compared without case).
    public var imageExtensions = KohyaFolder.imageExtensions

    /// The default requirements.
    public init() {}

    /// The violations of `items`: the dataset's first, then each item's in item order.
    public func check(_ items: [DatasetItem]) -> [DatasetViolation] {
        var violations: [DatasetViolation] = []
        if items.count < minimumItems {
            violations.append(
                DatasetViolation(
                    item: nil, code: .tooFewItems,
                    message: "the dataset has \(items.count) images, at least \(minimumItems) are required"))
        }
        var stems: [String: String] = [:]
        for item in items {
            violations += check(item)
            let stem = Self.stem(of: item.name)
            if let first = stems[stem] {
                violations.append(
                    DatasetViolation(
                        item: item.name, code: .duplicateStem,
                        message: "\(item.name): same name as \(first) without extension; "
                            + "both would read the same caption file"
                    ))
            } else {
                stems[stem] = item.name
            }
        }
        return violations
    }

    /// The violations of one item.
    public func check(_ item: DatasetItem) -> [DatasetViolation] {
        var violations: [DatasetViolation] = []
        func add(_ code: DatasetViolation.Code, _ message: String) {
            violations.append(DatasetViolation(item: item.name, code: code, message: "\(item.name): \(message)"))
        }
        let ext = Self.extensionOf(item.name)
        if !imageExtensions.contains(ext) {
            add(
                .unsupportedFormat,
                "kohya does not read \(ext.isEmpty ? "files without extension" : ext) images "
                    + "(it reads \(imageExtensions.sorted().joined(separator: " ")))")
        }
        if item.bitDepth != 8 { add(.bitDepth, "\(item.bitDepth) bits per channel; convert to 8") }
        if item.hasAlpha, !alphaMask {
            add(.unexpectedAlpha, "has an alpha channel but alpha_mask is off; flatten it onto a background")
        }
        if let minimumSide, min(item.width, item.height) < minimumSide {
            add(.tooSmall, "\(item.width)x\(item.height) is smaller than \(minimumSide) pixels on a side")
        }
        guard let caption = item.caption else {
            if requireCaptions { add(.missingCaption, "has no caption file") }
            return violations
        }
        guard let text = String(validating: caption, as: UTF8.self) else {
            add(.captionNotUTF8, "the caption is not UTF-8; kohya reads captions as UTF-8 only")
            return violations
        }
        let lines = text.split(
            omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" })
        let nonEmpty = lines.filter { !$0.allSatisfy(\.isWhitespace) }
        if nonEmpty.isEmpty {
            add(.emptyCaption, "the caption is empty")
        } else if nonEmpty.count > 1 || lines.first.map({ $0.allSatisfy(\.isWhitespace) }) == true {
            add(.multiLineCaption, "the caption has several lines; kohya reads only the first")
        }
        return violations
    }

    static func extensionOf(_ name: String) -> String {
        let file = name.split(separator: "/").last.map(String.init) ?? name
        guard let dot = file.lastIndex(of: "."), dot != file.startIndex else { return "" }
        return file[dot...].lowercased()
    }

    static func stem(of name: String) -> String {
        let ext = extensionOf(name)
        return String(name.dropLast(ext.count))
    }
}

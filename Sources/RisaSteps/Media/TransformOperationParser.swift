import RisaCore
import RisaMedia

/// Parses `image.transform`'s `ops`: a list of one-key maps such as `{resize: {long_side: 1024}}`,
/// into `TransformOperation`s, with errors naming the operation's place
/// (`steps.X.with.ops[2].resize: ...`).
struct TransformOperationParser {
    /// The operations, in order.
    var operations: [TransformOperation] = []
    /// The output encoding a `format` operation asked for, if any.
    var encoding: ImageEncoding?

    /// The operation names, in documentation order.
    static let names = ["orient", "srgb", "flatten", "resize", "crop", "pad", "strip", "format"]

    /// Parses `ops` of step `stepId`.
    init(_ ops: Value, stepId: String) throws {
        guard case .list(let entries) = ops else {
            throw StepFailure("steps.\(stepId).with.ops: expected a list of operations", retryable: false)
        }
        for (index, entry) in entries.enumerated() {
            let place = "steps.\(stepId).with.ops[\(index)]"
            let (name, value): (String, Value)
            switch entry {
            case .map(let map) where map.count == 1: (name, value) = map.first!
            case .string(let bare): (name, value) = (bare, .bool(true))
            default:
                throw StepFailure(
                    "\(place): expected a map with one operation (\(Self.names.joined(separator: ", "))), got "
                        + CanonicalJSON.string(entry), retryable: false)
            }
            let parse = OperationValue(value: value, place: "\(place).\(name)")
            switch name {
            case "orient": if try parse.enabled() { operations.append(.orient) }
            case "srgb": if try parse.enabled() { operations.append(.srgb) }
            case "strip": if try parse.enabled() { operations.append(.strip) }
            case "flatten": operations.append(.flatten(background: try parse.color(key: "color")))
            case "resize": operations.append(.resize(try parse.resize()))
            case "crop": operations.append(.crop(try parse.crop()))
            case "pad":
                let pad = try parse.pad()
                operations.append(.pad(pad, color: try parse.color(key: "color")))
            case "format": encoding = try parse.encoding()
            default:
                throw StepFailure(
                    "\(place): unknown operation '\(name)' (known: \(Self.names.joined(separator: ", ")))",
                    retryable: false)
            }
        }
    }
}

/// The value of one operation, read with errors naming its place.
private struct OperationValue {
    let value: Value
    let place: String

    func fail(_ reason: String) -> StepFailure { StepFailure("\(place): \(reason)", retryable: false) }

    var map: [String: Value] { value.mapValue ?? [:] }

    func enabled() throws -> Bool {
        guard case .bool(let flag) = value else { throw fail("expected true or false") }
        return flag
    }

    func allowKeys(_ keys: [String]) throws {
        for key in map.keys.sorted() where !keys.contains(key) {
            throw fail("unknown key '\(key)' (expected \(keys.joined(separator: ", ")))")
        }
    }

    /// `#rrggbb`, `#rgb`, or a map whose `key` holds one; white by default.
    func color(key: String) throws -> RGBColor {
        let text: String?
        switch value {
        case .string(let direct): text = direct
        case .bool(true), .null: text = nil
        case .map(let entries): text = entries[key]?.stringValue
        default: throw fail("expected a colour such as \"#ffffff\" or {\(key): \"#ffffff\"}")
        }
        guard let text else { return .white }
        var digits = text.hasPrefix("#") ? String(text.dropFirst()) : text
        if digits.count == 3 { digits = digits.map { "\($0)\($0)" }.joined() }
        guard let color = RGBColor(hex: digits) else { throw fail("'\(text)' is not a colour (#rrggbb or #rgb)") }
        return color
    }

    func pair(_ key: String) throws -> (Int, Int) {
        guard case .list(let parts) = map[key] ?? .null, parts.count == 2,
            let w = parts[0].intValue, let h = parts[1].intValue, w > 0, h > 0
        else { throw fail("\(key) expects [width, height] with two positive whole numbers") }
        return (w, h)
    }

    func positive(_ key: String) throws -> Int {
        guard let number = map[key]?.intValue, number > 0 else { throw fail("\(key) expects a positive whole number") }
        return number
    }

    func aspect(_ key: String) throws -> AspectRatio {
        guard let text = map[key]?.stringValue, let ratio = AspectRatio(text: text) else {
            throw fail("\(key) expects a ratio such as \"1:1\" or \"3:4\"")
        }
        return ratio
    }

    /// Exactly one of `modes` must be present.
    func mode(_ modes: [String]) throws -> String {
        let given = modes.filter { map[$0] != nil }
        guard given.count == 1 else {
            throw fail(
                "give exactly one of \(modes.joined(separator: ", "))"
                    + (given.isEmpty ? "" : ", got \(given.joined(separator: " and "))"))
        }
        return given[0]
    }

    func resize() throws -> Resize {
        guard case .map = value else { throw fail("expected a map such as {long_side: 1024}") }
        let modes = ["long_side", "short_side", "fit", "cover", "exact"]
        try allowKeys(modes + ["filter", "upscale"])
        let target: Resize.Target
        switch try mode(modes) {
        case "long_side": target = .longSide(try positive("long_side"))
        case "short_side": target = .shortSide(try positive("short_side"))
        case "fit":
            let (w, h) = try pair("fit")
            target = .fit(width: w, height: h)
        case "cover":
            let (w, h) = try pair("cover")
            target = .cover(width: w, height: h)
        default:
            let (w, h) = try pair("exact")
            target = .exact(width: w, height: h)
        }
        var filter = ResizeFilter.lanczos
        if let name = map["filter"] {
            guard let text = name.stringValue, let parsed = ResizeFilter(rawValue: text) else {
                throw fail("filter must be one of \(ResizeFilter.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            filter = parsed
        }
        var upscale = false
        if let flag = map["upscale"] {
            guard case .bool(let parsed) = flag else { throw fail("upscale expects true or false") }
            upscale = parsed
        }
        return Resize(target, filter: filter, upscale: upscale)
    }

    func crop() throws -> Crop {
        guard case .map = value else { throw fail("expected a map such as {center: \"1:1\"}") }
        try allowKeys(["box", "center", "smart"])
        switch try mode(["box", "center", "smart"]) {
        case "box":
            guard case .list(let parts) = map["box"] ?? .null, parts.count == 4 else {
                throw fail("box expects [x, y, width, height]")
            }
            let numbers = parts.compactMap(\.intValue)
            guard numbers.count == 4, numbers[0] >= 0, numbers[1] >= 0, numbers[2] > 0, numbers[3] > 0 else {
                throw fail("box expects [x, y, width, height] with x, y >= 0 and a positive size")
            }
            return .box(x: numbers[0], y: numbers[1], width: numbers[2], height: numbers[3])
        case "center": return .center(try aspect("center"))
        default: return .smart(try aspect("smart"))
        }
    }

    func pad() throws -> Pad {
        guard case .map = value else { throw fail("expected a map such as {aspect: \"1:1\"}") }
        try allowKeys(["size", "aspect", "color"])
        if try mode(["size", "aspect"]) == "size" {
            let (w, h) = try pair("size")
            return .size(width: w, height: h)
        }
        return .aspect(try aspect("aspect"))
    }

    func encoding() throws -> ImageEncoding {
        switch value {
        case .string(let type): return try MediaSupport.encoding(type: type, quality: nil, where: place)
        case .map:
            try allowKeys(["type", "quality", "lossless"])
            guard let type = map["type"]?.stringValue else { throw fail("type (png, jpg or webp) is required") }
            return try MediaSupport.encoding(
                type: type, quality: map["quality"]?.intValue, lossless: map["lossless"]?.boolValue ?? false,
                where: place)
        default: throw fail("expected png, jpg, webp or {type: jpg, quality: 90}")
        }
    }
}

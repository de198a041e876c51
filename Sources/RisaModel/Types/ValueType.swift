import Foundation

/// The type of a parameter, a step argument, a step output or an expression.
///
/// Scalar types (`string`, `int`, ...) hold plain values. Artifact types (`file`, `files`, `images`,
/// ...) are content in the store: a single file, or a set of items each with its own metadata.
public indirect enum ValueType: Hashable, Sendable, CustomStringConvertible {
    case string
    case int
    case number
    case bool
    case path
    case duration
    /// Any JSON-shaped value.
    case json
    /// One file.
    case file
    /// A set of items, each a file with metadata.
    case files
    /// A set of image items.
    case images
    /// A set of video items.
    case videos
    /// Tags (per item or a mapping set).
    case tags
    /// A training dataset (a tree of images and captions with its config).
    case dataset
    /// An archive file.
    case archive
    /// A model file (weights).
    case model
    /// One of a fixed set of strings.
    case enumeration([String])
    /// A list whose elements all have one type.
    case list(ValueType)
    /// A mapping from names to values of one type.
    case map(ValueType)

    /// The names of the types that a pipeline may write in `type:` (besides `enum` and `list`).
    public static let namedTypes: [String: ValueType] = [
        "string": .string, "int": .int, "number": .number, "bool": .bool, "path": .path,
        "duration": .duration, "json": .json, "file": .file, "files": .files, "images": .images,
        "videos": .videos, "tags": .tags, "dataset": .dataset, "archive": .archive, "model": .model,
    ]

    /// Parses a type name: a named type, `list<T>`, or `map<T>` (an enum needs its values, so it is
    /// declared with `type: enum` and `values:` instead).
    public static func parse(_ text: String) -> ValueType? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if let named = namedTypes[trimmed] { return named }
        for (prefix, make) in [("list<", ValueType.list), ("map<", ValueType.map)]
            as [(String, (ValueType) -> ValueType)]
        {
            if trimmed.hasPrefix(prefix), trimmed.hasSuffix(">"),
                let element = parse(String(trimmed.dropFirst(prefix.count).dropLast()))
            {
                return make(element)
            }
        }
        return nil
    }

    /// `string`, `list<int>`, `enum(a|b)`.
    public var description: String {
        switch self {
        case .string: return "string"
        case .int: return "int"
        case .number: return "number"
        case .bool: return "bool"
        case .path: return "path"
        case .duration: return "duration"
        case .json: return "json"
        case .file: return "file"
        case .files: return "files"
        case .images: return "images"
        case .videos: return "videos"
        case .tags: return "tags"
        case .dataset: return "dataset"
        case .archive: return "archive"
        case .model: return "model"
        case .enumeration(let values): return "enum(\(values.joined(separator: "|")))"
        case .list(let element): return "list<\(element)>"
        case .map(let element): return "map<\(element)>"
        }
    }

    /// Whether values of this type live in the content store (files and item sets).
    public var isArtifact: Bool {
        switch self {
        case .file, .files, .images, .videos, .tags, .dataset, .archive, .model: return true
        default: return false
        }
    }

    /// Whether a value of type `source` may be used where this type is expected.
    ///
    /// Numbers widen (`int` to `number`), texts name paths, an image or video set is a file set, and a
    /// path may stand for any artifact (the engine hashes what it points at).
    public func accepts(_ source: ValueType) -> Bool {
        if self == source { return true }
        switch (self, source) {
        case (.json, _): return true
        case (_, .json): return true
        case (.number, .int): return true
        case (.string, .path), (.string, .enumeration), (.string, .int), (.string, .number), (.string, .duration):
            return true
        case (.path, .string): return true
        case (.duration, .string), (.duration, .int), (.duration, .number): return true
        case (.enumeration, .string): return true
        case (.enumeration(let allowed), .enumeration(let given)): return given.allSatisfy(allowed.contains)
        case (.files, .file), (.files, .images), (.files, .videos), (.files, .dataset), (.files, .archive),
            (.files, .model):
            return true
        case (.file, .archive), (.file, .model): return true
        case (let target, .path) where target.isArtifact: return true
        case (let target, .string) where target.isArtifact: return true
        case (.path, let artifact) where artifact.isArtifact: return true
        case (.list(let element), .list(let given)): return element.accepts(given)
        case (.map(let element), .map(let given)): return element.accepts(given)
        default: return false
        }
    }
}

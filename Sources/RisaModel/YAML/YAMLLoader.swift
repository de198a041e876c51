internal import CYaml
import Foundation

/// Reads one YAML document into a `SourceNode` tree with positions, on libyaml's event parser.
///
/// Unlike a generic loader it reports problems as `Diagnostic`s and keeps going where it can:
/// duplicate keys are all reported (the first value is kept); a syntax error ends the file.
/// Limits protect against hostile input with bounded memory: the file size, the nesting depth and the
/// number of nodes after alias expansion ("billion laughs" documents are refused, not expanded: an
/// alias shares its anchor's node instead of copying it).
public struct YAMLLoader: Sendable {
    /// Size and shape limits for one document.
    public struct Limits: Sendable {
        /// Largest accepted file, in bytes.
        public var maxBytes: Int
        /// Largest number of nodes, counting every alias by the size of what it refers to.
        public var maxNodes: Int
        /// Deepest accepted nesting of sequences and mappings.
        public var maxDepth: Int

        /// Creates limits.
        public init(maxBytes: Int = 32 << 20, maxNodes: Int = 2_000_000, maxDepth: Int = 256) {
            self.maxBytes = maxBytes
            self.maxNodes = maxNodes
            self.maxDepth = maxDepth
        }
    }

    /// The limits in force.
    public var limits: Limits

    /// Creates a loader.
    public init(limits: Limits = Limits()) {
        self.limits = limits
    }

    /// The result of loading: the root node (nil when the document is empty or could not be read)
    /// and every problem found.
    public struct Result: Sendable {
        /// The document's root node.
        public var root: SourceNode?
        /// Problems found while reading.
        public var diagnostics: [Diagnostic]
    }

    /// Loads the document in `text`, naming `file` in positions.
    public func load(_ text: String, file: String) -> Result {
        let size = text.utf8.count
        guard size <= limits.maxBytes else {
            return Result(
                root: nil,
                diagnostics: [
                    Diagnostic(
                        at: SourceLocation(file: file, line: 1, column: 1), path: "",
                        "document is \(size) bytes; the limit is \(limits.maxBytes) bytes")
                ])
        }
        let bytes = Array(text.utf8)
        if bytes.count >= StepsBlockComposer.minimumSize,
            let result = StepsBlockComposer.compose(bytes, file: file, limits: limits)
        {
            return result
        }
        var composer = EventComposer(file: file, limits: limits)
        return bytes.withUnsafeBufferPointer { composer.compose($0) }
    }

    /// Loads the file at `url`, naming it `displayPath` in positions; refuses files over the size
    /// limit before reading them.
    public func load(contentsOf url: URL, displayPath: String) -> Result {
        let start = SourceLocation(file: displayPath, line: 1, column: 1)
        do {
            let attributes = try FileManager.default.attributesOfItem(atPath: url.path)
            if let size = attributes[.size] as? Int, size > limits.maxBytes {
                return Result(
                    root: nil,
                    diagnostics: [
                        Diagnostic(at: start, path: "", "file is \(size) bytes; the limit is \(limits.maxBytes) bytes")
                    ])
            }
            let data = try Data(contentsOf: url)
            guard let text = String(validating: data, as: UTF8.self) else {
                return Result(root: nil, diagnostics: [Diagnostic(at: start, path: "", "file is not valid UTF-8")])
            }
            return load(text, file: displayPath)
        } catch {
            let reason = (error as NSError).localizedFailureReason ?? error.localizedDescription
            return Result(root: nil, diagnostics: [Diagnostic(at: start, path: "", "cannot read file: \(reason)")])
        }
    }
}

/// Builds `SourceNode`s from libyaml events.
struct EventComposer {
    let file: String
    let limits: YAMLLoader.Limits
    /// Added to libyaml's line numbers: the text composed starts at this line of the file.
    let lineOffset: Int
    var diagnostics: [Diagnostic] = []
    var anchors: [String: (node: SourceNode, weight: Int)] = [:]
    var nodeCount = 0
    var depth = 0
    /// Where the node being composed sits (keys and indices from the root), turned into text
    /// (`steps.a.with[0]`) only when a diagnostic needs it rather than for every node.
    var trail: [PathStep] = []

    enum PathStep {
        case key(String)
        case index(Int)
    }

    /// The path of the node being composed, as diagnostics show it.
    var path: String {
        trail.reduce(into: "") { path, step in
            switch step {
            case .key(let key): path = path.isEmpty ? key : "\(path).\(key)"
            case .index(let index): path += "[\(index)]"
            }
        }
    }

    /// A composer for text that starts `lineOffset` lines into `file`, nested `depth` levels deep
    /// (a fragment of a larger document counts its enclosing mappings against the depth limit).
    init(file: String, limits: YAMLLoader.Limits, lineOffset: Int = 0, depth: Int = 0) {
        self.file = file
        self.limits = limits
        self.lineOffset = lineOffset
        self.depth = depth
    }

    /// Thrown to stop composing; the diagnostic has already been recorded.
    struct Stop: Error {}

    mutating func compose(_ bytes: UnsafeBufferPointer<UInt8>) -> YAMLLoader.Result {
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else {
            return YAMLLoader.Result(
                root: nil,
                diagnostics: [
                    Diagnostic(
                        at: SourceLocation(file: file, line: 1, column: 1), path: "", "cannot start the YAML parser")
                ])
        }
        defer { yaml_parser_delete(&parser) }
        yaml_parser_set_input_string(&parser, bytes.baseAddress, bytes.count)
        yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)
        let root = try? composeStream(&parser)
        return YAMLLoader.Result(root: root ?? nil, diagnostics: diagnostics)
    }

    private func location(_ mark: yaml_mark_t) -> SourceLocation {
        SourceLocation(file: file, line: lineOffset + Int(mark.line) + 1, column: Int(mark.column) + 1)
    }

    private mutating func next(_ parser: inout yaml_parser_t) throws -> yaml_event_t {
        var event = yaml_event_t()
        guard yaml_parser_parse(&parser, &event) == 1 else {
            let mark = parser.problem_mark
            var message = "YAML syntax error: " + (parser.problem.map { String(cString: $0) } ?? "unknown problem")
            if let context = parser.context {
                message += " " + String(cString: context)
                message += " (opened at line \(parser.context_mark.line + 1), column \(parser.context_mark.column + 1))"
            }
            diagnostics.append(Diagnostic(at: location(mark), path: "", message))
            throw Stop()
        }
        return event
    }

    private mutating func composeStream(_ parser: inout yaml_parser_t) throws -> SourceNode? {
        var event = try next(&parser)
        defer { yaml_event_delete(&event) }
        guard event.type == YAML_STREAM_START_EVENT else { return nil }
        var documentStart = try next(&parser)
        defer { yaml_event_delete(&documentStart) }
        if documentStart.type == YAML_STREAM_END_EVENT { return nil }
        var first = try next(&parser)
        let root = try composeNode(&parser, from: &first)
        var documentEnd = try next(&parser)
        yaml_event_delete(&documentEnd)
        var after = try next(&parser)
        defer { yaml_event_delete(&after) }
        if after.type == YAML_DOCUMENT_START_EVENT {
            diagnostics.append(
                Diagnostic(
                    at: location(after.start_mark), path: "",
                    "a pipeline file holds one YAML document; found a second one"))
        }
        return root
    }

    /// Composes the node that starts with `event` (which this call deletes).
    private mutating func composeNode(
        _ parser: inout yaml_parser_t, from event: inout yaml_event_t
    ) throws -> SourceNode {
        defer { yaml_event_delete(&event) }
        let start = location(event.start_mark)
        switch event.type {
        case YAML_ALIAS_EVENT:
            let name = String(cString: event.data.alias.anchor)
            guard let anchored = anchors[name] else {
                diagnostics.append(Diagnostic(at: start, path: path, "unknown alias '*\(name)'"))
                return SourceNode(.scalar(.init(text: "", style: .plain)), at: start)
            }
            try count(anchored.weight, at: start)
            return anchored.node
        case YAML_SCALAR_EVENT:
            let scalar = event.data.scalar
            let text = String(
                decoding: UnsafeBufferPointer(start: scalar.value, count: Int(scalar.length)), as: UTF8.self)
            let style: SourceNode.Scalar.Style
            switch scalar.style {
            case YAML_SINGLE_QUOTED_SCALAR_STYLE: style = .singleQuoted
            case YAML_DOUBLE_QUOTED_SCALAR_STYLE: style = .doubleQuoted
            case YAML_LITERAL_SCALAR_STYLE: style = .literal
            case YAML_FOLDED_SCALAR_STYLE: style = .folded
            default: style = .plain
            }
            try count(1, at: start)
            let node = SourceNode(.scalar(.init(text: text, style: style)), at: start)
            register(anchor: scalar.anchor, node: node, weight: 1)
            return node
        case YAML_SEQUENCE_START_EVENT:
            let anchor = event.data.sequence_start.anchor.map { String(cString: $0) }
            let before = nodeCount
            try enter(at: start)
            try count(1, at: start)
            var elements: [SourceNode] = []
            while true {
                var child = try next(&parser)
                if child.type == YAML_SEQUENCE_END_EVENT {
                    yaml_event_delete(&child)
                    break
                }
                trail.append(.index(elements.count))
                elements.append(try composeNode(&parser, from: &child))
                trail.removeLast()
            }
            depth -= 1
            let node = SourceNode(.sequence(elements), at: start)
            if let anchor { anchors[anchor] = (node, nodeCount - before) }
            return node
        case YAML_MAPPING_START_EVENT:
            let anchor = event.data.mapping_start.anchor.map { String(cString: $0) }
            let before = nodeCount
            try enter(at: start)
            try count(1, at: start)
            let entries = try composeMapping(&parser)
            depth -= 1
            let node = SourceNode(.mapping(entries), at: start)
            if let anchor { anchors[anchor] = (node, nodeCount - before) }
            return node
        default:
            diagnostics.append(Diagnostic(at: start, path: path, "unexpected YAML event"))
            throw Stop()
        }
    }

    private mutating func composeMapping(_ parser: inout yaml_parser_t) throws -> [SourceNode.Entry] {
        var entries: [SourceNode.Entry] = []
        // Nearly every mapping has a handful of keys, found by searching `entries`; an index of
        // their positions is built only once a mapping grows (the `steps:` of a large pipeline).
        var positions: [String: Int] = [:]
        func entry(_ key: String) -> SourceNode.Entry? {
            if entries.count <= 8 { return entries.first { $0.key == key } }
            if positions.isEmpty {
                for (position, entry) in entries.enumerated() { positions[entry.key] = position }
            }
            return positions[key].map { entries[$0] }
        }
        func add(_ entry: SourceNode.Entry) {
            if !positions.isEmpty { positions[entry.key] = entries.count }
            entries.append(entry)
        }
        var merged: [SourceNode.Entry] = []
        while true {
            var keyEvent = try next(&parser)
            if keyEvent.type == YAML_MAPPING_END_EVENT {
                yaml_event_delete(&keyEvent)
                break
            }
            let keyNode = try composeNode(&parser, from: &keyEvent)
            var valueEvent = try next(&parser)
            guard let keyScalar = keyNode.scalar else {
                diagnostics.append(
                    Diagnostic(
                        at: keyNode.location, path: path, "mapping keys must be plain text, not \(keyNode.summary)"))
                _ = try composeNode(&parser, from: &valueEvent)
                continue
            }
            let key = keyScalar.text
            trail.append(.key(key))
            let value = try composeNode(&parser, from: &valueEvent)
            let isMerge = key == "<<" && keyScalar.style == .plain
            let first = isMerge ? nil : entry(key)?.keyLocation
            if let first {
                diagnostics.append(
                    Diagnostic(
                        at: keyNode.location, path: path,
                        "duplicate key '\(key)' (first defined at line \(first.line), column \(first.column))"))
            }
            trail.removeLast()
            if isMerge {
                merged.append(contentsOf: mergeSources(value, path: path))
                continue
            }
            if first != nil { continue }
            add(SourceNode.Entry(key: key, keyLocation: keyNode.location, value: value))
        }
        // YAML merge keys (`<<: *defaults`): merged entries never override explicit ones.
        for mergedEntry in merged where entry(mergedEntry.key) == nil {
            add(mergedEntry)
        }
        return entries
    }

    private mutating func mergeSources(_ value: SourceNode, path: String) -> [SourceNode.Entry] {
        switch value.kind {
        case .mapping(let entries):
            return entries
        case .sequence(let elements):
            var result: [SourceNode.Entry] = []
            for element in elements {
                guard let entries = element.entries else {
                    diagnostics.append(
                        Diagnostic(
                            at: element.location, path: path, "a merge key '<<' takes mappings, not \(element.summary)")
                    )
                    continue
                }
                result.append(contentsOf: entries.filter { entry in !result.contains { $0.key == entry.key } })
            }
            return result
        case .scalar:
            diagnostics.append(
                Diagnostic(at: value.location, path: path, "a merge key '<<' takes a mapping, not \(value.summary)"))
            return []
        }
    }

    private mutating func register(anchor: UnsafeMutablePointer<yaml_char_t>?, node: SourceNode, weight: Int) {
        guard let anchor else { return }
        anchors[String(cString: anchor)] = (node, weight)
    }

    private mutating func enter(at location: SourceLocation) throws {
        depth += 1
        if depth > limits.maxDepth {
            diagnostics.append(Diagnostic(at: location, path: "", "nesting is deeper than \(limits.maxDepth) levels"))
            throw Stop()
        }
    }

    private mutating func count(_ nodes: Int, at location: SourceLocation) throws {
        nodeCount += nodes
        if nodeCount > limits.maxNodes {
            diagnostics.append(
                Diagnostic(
                    at: location, path: "",
                    "document expands to more than \(limits.maxNodes) nodes (an alias bomb?); refused"))
            throw Stop()
        }
    }
}

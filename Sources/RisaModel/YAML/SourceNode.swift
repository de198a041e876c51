/// A YAML node with the place it was written: what the loader gives the pipeline decoder.
///
/// Scalars keep their text and how they were written, so that `"42"` (a string) and `42` (an int)
/// stay apart and errors can quote what the user typed.
public struct SourceNode: Sendable {
    /// The three shapes of YAML content.
    public enum Kind: Sendable {
        case scalar(Scalar)
        case sequence([SourceNode])
        case mapping([Entry])
    }

    /// A scalar as written.
    public struct Scalar: Sendable {
        /// The scalar's text after YAML unescaping and folding.
        public let text: String
        /// How the scalar was written.
        public let style: Style
        /// What the text means under the YAML 1.2 core schema (quoted scalars are always strings).
        public let resolved: ResolvedScalar
        /// The text as a template (`${{ ... }}` parts), or why it is not one. Parsed once, here:
        /// validation, graph building and every evaluation for a run (two per argument) reuse it.
        public let template: Result<Template, Template.SyntaxError>
        /// Whether the text holds `${{` (`Template.containsMarker`), known from parsing it.
        public let hasTemplateMarker: Bool

        /// How a scalar was written in the file.
        public enum Style: Sendable {
            case plain, singleQuoted, doubleQuoted, literal, folded
        }

        /// Creates a scalar, resolving plain text under the core schema.
        public init(text: String, style: Style) {
            self.text = text
            self.style = style
            self.resolved = style == .plain ? ResolvedScalar.resolve(plain: text) : .string(text)
            template = Result { () throws(Template.SyntaxError) in try Template.parse(text) }
            // A text with `${{` parses to expressions or fails; one without is a single text part.
            hasTemplateMarker = (try? template.get())?.hasExpressions ?? true
        }
    }

    /// One `key: value` pair of a mapping. Keys are scalars; their position is kept for errors.
    public struct Entry: Sendable {
        /// The key's text.
        public var key: String
        /// Where the key was written.
        public var keyLocation: SourceLocation
        /// The value.
        public var value: SourceNode
    }

    /// What the node holds.
    public var kind: Kind
    /// Where the node starts.
    public var location: SourceLocation

    /// Creates a node.
    public init(_ kind: Kind, at location: SourceLocation) {
        self.kind = kind
        self.location = location
    }

    /// The scalar, when this node is one.
    public var scalar: Scalar? {
        if case .scalar(let scalar) = kind { return scalar }
        return nil
    }

    /// The entries, when this node is a mapping.
    public var entries: [Entry]? {
        if case .mapping(let entries) = kind { return entries }
        return nil
    }

    /// The elements, when this node is a sequence.
    public var elements: [SourceNode]? {
        if case .sequence(let elements) = kind { return elements }
        return nil
    }

    /// The entry named `key`, when this node is a mapping that has it.
    public subscript(key: String) -> Entry? {
        entries?.first { $0.key == key }
    }

    /// A short description of the node for messages: `string "big"`, `int 3`, `a list`, `a mapping`.
    public var summary: String {
        switch kind {
        case .scalar(let scalar): return scalar.resolved.summary
        case .sequence: return "a list"
        case .mapping: return "a mapping"
        }
    }
}

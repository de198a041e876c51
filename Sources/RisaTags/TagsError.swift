/// A failure of tag import, mapping or export, with a message that names the file, line, item or
/// mapping key a user has to fix.
public struct TagsError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What kind of failure this is, for code that reacts to some of them.
    public enum Code: String, Hashable, Sendable {
        /// A caption or sidecar file is not valid text in the expected encoding.
        case invalidEncoding
        /// A caption or sidecar file holds no tag.
        case emptyCaption
        /// A file could not be read.
        case unreadable
        /// A booru JSON document has none of the known shapes.
        case unknownSidecarFormat
        /// A mapping set is malformed (wrong type, bad regex, unknown key).
        case invalidMapping
        /// Aliases or implications form a loop.
        case loop
        /// A CSV or JSON tag table is malformed.
        case invalidTable
        /// Tag metadata of an item is malformed.
        case invalidMetadata
        /// A kohya folder is laid out wrongly.
        case invalidFolder
    }

    /// What kind of failure this is.
    public let code: Code
    /// The whole message, naming where the problem is.
    public let message: String

    /// An error of `code` with `message`.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}

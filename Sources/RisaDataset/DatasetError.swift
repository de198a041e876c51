/// A failure building a dataset or training config, with a message naming the key path, folder or
/// item a user has to fix.
public struct DatasetError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What kind of failure this is.
    public enum Code: String, Hashable, Sendable {
        /// A config value is out of range or missing (`datasets[0].subsets[1].num_repeats: ...`).
        case invalidConfig
        /// A key sd-scripts does not know would be written.
        case unknownKey
        /// A subset folder name is not usable.
        case invalidFolderName
        /// A manifest document is malformed.
        case invalidManifest
    }

    /// What kind of failure this is.
    public let code: Code
    /// The whole message.
    public let message: String

    /// An error of `code` with `message`.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}

/// Why an image could not be read, transformed or written.
///
/// Every error names the file (or the in-memory item) it is about and says what is wrong with it in
/// words a user can act on, for example
/// `photo.jpg: the file is truncated or corrupt (Premature end of JPEG file)`.
public struct ImageError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of failure this is; stable, for programs that react to it.
    public enum Code: String, Sendable, Hashable {
        /// The file could not be opened or read.
        case unreadable
        /// The file could not be written.
        case unwritable
        /// The file has no bytes.
        case empty
        /// The content is not one of the image formats Risa reads.
        case unsupportedFormat
        /// The data is truncated or damaged.
        case corrupt
        /// The image is larger than Risa's limits (a decompression bomb or simply too large).
        case tooLarge
        /// An operation's arguments do not fit the image (for example a crop outside it).
        case invalidOperation
        /// The image cannot be written as asked (for example RGBA as JPEG without flattening).
        case encodeFailed
        /// ImageMagick failed for another reason (the message has its words).
        case library
    }

    /// What kind of failure this is.
    public let code: Code
    /// The file or item the error is about (a path, or a label given by the caller).
    public let file: String
    /// The reason, in words a user can act on.
    public let reason: String

    /// Creates an error about `file`.
    public init(_ code: Code, file: String, reason: String) {
        self.code = code
        self.file = file
        self.reason = reason
    }

    /// `file: reason`.
    public var message: String { "\(file): \(reason)" }

    /// The same as `message`.
    public var description: String { message }
}

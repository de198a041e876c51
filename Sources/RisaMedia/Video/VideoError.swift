internal import CAV

/// A failure to read, decode or write a video, naming the file and the reason.
///
/// Every libav* result code is turned into a `VideoError` in one place (`VideoError.check`), so
/// callers see one error type with a stable `code` to branch on and a `message` to show a user.
public struct VideoError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of failure this is.
    public enum Code: String, Sendable, Hashable {
        /// The file does not exist or cannot be opened.
        case fileNotFound
        /// The file has zero bytes.
        case emptyFile
        /// The content is not a container format libavformat recognises.
        case notAVideo
        /// The container holds no video stream (an audio-only file, for example).
        case noVideoStream
        /// No decoder for the stream's codec is available.
        case unsupportedCodec
        /// The data is damaged or cut short and no frame could be decoded.
        case corruptData
        /// A frame is larger than the configured pixel limit.
        case frameTooLarge
        /// An option is out of range (negative interval, start after end, ...).
        case invalidOptions
        /// The task consuming the frames was cancelled.
        case cancelled
        /// Writing or encoding a video failed.
        case writeFailed
        /// Any other libav* failure.
        case internalError
    }

    /// What kind of failure this is.
    public let code: Code
    /// A sentence a user can act on; names the file.
    public let message: String
    /// The file the failure concerns.
    public let path: String
    /// The libav* result code behind the failure, when there is one.
    public let underlyingCode: Int32?

    /// Creates an error.
    /// - Parameters:
    ///   - code: the kind of failure.
    ///   - path: the file concerned.
    ///   - reason: why, in words; the path is prefixed to it in `message`.
    ///   - underlyingCode: the libav* result code, if any.
    public init(_ code: Code, path: String, reason: String, underlyingCode: Int32? = nil) {
        self.code = code
        self.path = path
        self.message = "\(path): \(reason)"
        self.underlyingCode = underlyingCode
    }

    /// `message`, with the libav* code when there is one.
    public var description: String {
        if let underlyingCode { return "\(message) (\(code.rawValue), libav error \(underlyingCode))" }
        return "\(message) (\(code.rawValue))"
    }

    /// The text libav* gives for a result code (`av_strerror`).
    static func text(of result: Int32) -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        if av_strerror(result, &buffer, buffer.count) < 0 { return "unknown libav error \(result)" }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Maps a negative libav* result to a `VideoError`; returns the result when it is not negative.
    @discardableResult
    static func check(
        _ result: Int32, _ action: String, path: String, code: Code = .internalError
    ) throws(VideoError)
        -> Int32
    {
        guard result < 0 else { return result }
        throw VideoError(code, path: path, reason: "\(action) failed: \(text(of: result))", underlyingCode: result)
    }
}

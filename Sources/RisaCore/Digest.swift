import Crypto
import Foundation

/// A SHA-256 content digest, written `sha256:<64 lowercase hex digits>`.
///
/// Everything Risa stores (blobs, trees, item sets, action records) is named by one.
public struct Digest: Hashable, Comparable, Sendable, CustomStringConvertible, Codable {
    /// The 64 lowercase hexadecimal digits of the hash.
    public let hex: String

    /// Creates a digest from its 64 hex digits (either case), or returns nil when `hex` is not one.
    public init?(hex: String) {
        // One pass over contiguous UTF-8, and no new string when the digits are already lowercase:
        // stores parse tens of thousands of digests when loading caches and trees.
        var text = hex
        let (isValid, hasUppercase) = text.withUTF8 { bytes -> (Bool, Bool) in
            guard bytes.count == 64 else { return (false, false) }
            var hasUppercase = false
            for byte in bytes {
                guard Self.isHexDigit(byte) else { return (false, false) }
                if byte >= 65 && byte <= 70 { hasUppercase = true }
            }
            return (true, hasUppercase)
        }
        guard isValid else { return nil }
        self.hex = hasUppercase ? text.lowercased() : text
    }

    /// Parses `sha256:<hex>` (the form Risa prints), or returns nil.
    public init?(_ text: String) {
        guard text.hasPrefix("sha256:") else { return nil }
        self.init(hex: String(text.dropFirst(7)))
    }

    /// The digest of `bytes`.
    public init(of bytes: some DataProtocol) {
        self.init(SHA256.hash(data: bytes))
    }

    /// The digest of the UTF-8 bytes of `text` (hashed in place, without copying them).
    public init(ofText text: String) {
        var text = text
        self.init(text.withUTF8 { SHA256.hash(data: UnsafeRawBufferPointer($0)) })
    }

    /// Wraps a finished swift-crypto hash.
    public init(_ hash: SHA256.Digest) {
        // Written as ASCII bytes: appending Characters to a String is the slow path for a value
        // computed for every blob, key and item.
        self.hex = String(unsafeUninitializedCapacity: 64) { buffer in
            var index = 0
            for byte in hash {
                buffer[index] = Self.hexDigits[Int(byte >> 4)]
                buffer[index + 1] = Self.hexDigits[Int(byte & 0x0f)]
                index += 2
            }
            return 64
        }
    }

    /// `sha256:<hex>`.
    public var description: String { "sha256:" + hex }

    /// The first 12 hex digits, for people (run ids, short listings).
    public var short: String { String(hex.prefix(12)) }

    public static func < (lhs: Digest, rhs: Digest) -> Bool { lhs.hex < rhs.hex }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let digest = Digest(text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not a sha256 digest: \(text)")
        }
        self = digest
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    private static func isHexDigit(_ byte: UInt8) -> Bool {
        (byte >= 48 && byte <= 57) || (byte >= 97 && byte <= 102) || (byte >= 65 && byte <= 70)
    }
}

import Foundation
import RisaCore

/// Reads the fields of a decoded tree or item set, failing with `.corrupt` errors that say which
/// object and which field were wrong.
struct EncodedFields {
    let map: [String: Value]
    /// What is being read, for messages ("tree entry 3").
    let context: String

    init(_ value: Value, context: String) throws {
        guard let map = value.mapValue else { throw Self.corrupt("\(context) is not a JSON object") }
        self.map = map
        self.context = context
    }

    /// Parses canonical JSON bytes and checks the `$type` tag.
    static func document(_ data: Data, type: String, context: String) throws -> EncodedFields {
        let value: Value
        do {
            value = try CanonicalJSON.parse(data)
        } catch {
            throw corrupt("\(context) is not valid JSON: \(error)")
        }
        let fields = try EncodedFields(value, context: context)
        let found = try fields.string("$type")
        guard found == type else { throw corrupt("\(context) has type \(found), expected \(type)") }
        return fields
    }

    func value(_ key: String) throws -> Value {
        guard let value = map[key] else { throw Self.corrupt("\(context) has no \"\(key)\"") }
        return value
    }

    func string(_ key: String) throws -> String {
        guard let text = try value(key).stringValue else {
            throw Self.corrupt("\(context): \"\(key)\" is not a string")
        }
        return text
    }

    func int(_ key: String) throws -> Int {
        guard let number = try value(key).intValue else {
            throw Self.corrupt("\(context): \"\(key)\" is not an integer")
        }
        return number
    }

    func bool(_ key: String) throws -> Bool {
        guard let flag = try value(key).boolValue else { throw Self.corrupt("\(context): \"\(key)\" is not a boolean") }
        return flag
    }

    func digest(_ key: String) throws -> Digest {
        let text = try string(key)
        guard let digest = Digest(text) else { throw Self.corrupt("\(context): \"\(key)\" is not a sha256 digest") }
        return digest
    }

    func list(_ key: String) throws -> [Value] {
        guard let items = try value(key).listValue else { throw Self.corrupt("\(context): \"\(key)\" is not a list") }
        return items
    }

    func map(_ key: String) throws -> [String: Value] {
        guard let entries = try value(key).mapValue else {
            throw Self.corrupt("\(context): \"\(key)\" is not an object")
        }
        return entries
    }

    static func corrupt(_ message: String) -> StoreError {
        StoreError(.corrupt, message)
    }
}

/// The kinds of stored objects that refer to other blobs, recognised from their first bytes.
enum StructuredBlob {
    case tree
    case itemSet

    /// The longest prefix `detect` needs.
    static let prefixLength = 40

    /// Recognises a tree or item set from the start of a blob's bytes. Canonical JSON sorts keys, and
    /// `$type` sorts before every letter, so the tag always opens the text.
    static func detect(prefix: some Collection<UInt8>) -> StructuredBlob? {
        let bytes = Array(prefix)
        if bytes.starts(with: Array(Tree.openingBytes)) { return .tree }
        if bytes.starts(with: Array(ItemSet.openingBytes)) { return .itemSet }
        return nil
    }
}

import RisaCore

/// Where action records live: for each action key (a digest the engine computes from a step's type,
/// arguments and input digests) the record of what the action produced.
///
/// A record is a `Value`, typically a map from output name to `{"digest": "sha256:…", "kind": …}`.
/// Every string in a record that reads as a digest (`sha256:<hex>`) counts as a reference: garbage
/// collection keeps those blobs, trees and item sets alive. Callers depend on this protocol so a
/// remote cache can be added beside `LocalActionCache`. Implementations throw `StoreError`.
public protocol ActionCache: Sendable {
    /// The record stored for `key`, or nil on a cache miss.
    func lookup(_ key: Digest) async throws -> Value?

    /// Stores `record` for `key`, replacing any earlier record.
    func record(_ record: Value, for key: Digest) async throws
}

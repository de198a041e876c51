import RisaCore

/// What a worker announced in its handshake: the protocol it speaks and the model it runs.
public struct WorkerModelInfo: Sendable, Hashable {
    /// The protocol version (``WorkerProtocol/version``).
    public var protocolVersion: Int
    /// The worker program's name (`wd14_tagger`), when it gave one.
    public var worker: String?
    /// The model's name (for WD14, the name of the model's folder).
    public var name: String
    /// The digest of everything that decides the worker's answers, as the worker reports it (the
    /// WD14 worker: sha256 over the `sha256sum`-style listing of model.onnx and selected_tags.csv).
    public var digest: String
    /// The side of the model's square input in pixels, when the worker reports it.
    public var inputSize: Int?
    /// The number of tags the model scores, when the worker reports it.
    public var tagCount: Int?
    /// The most images the worker runs through its model at once.
    public var batchSize: Int?
    /// The options the worker applies when a request leaves them out.
    public var defaults: [String: Value]
    /// The whole handshake line.
    public var handshake: Value

    /// Reads a handshake line.
    ///
    /// - Throws: A message naming what is missing, when the line is not a handshake of
    ///   protocol ``WorkerProtocol/version``.
    init(handshake: Value) throws(HandshakeProblem) {
        guard handshake["type"]?.stringValue == "hello" else {
            throw HandshakeProblem(message: "its first line is not a handshake ({\"type\": \"hello\", ...})")
        }
        guard let version = handshake["protocol"]?.intValue else {
            throw HandshakeProblem(message: "its handshake has no integer \"protocol\"")
        }
        guard version == WorkerProtocol.version else {
            throw HandshakeProblem(
                message: "it speaks protocol \(version); this client speaks \(WorkerProtocol.version)")
        }
        guard let model = handshake["model"]?.mapValue, let name = model["name"]?.stringValue,
            let digest = model["digest"]?.stringValue, !digest.isEmpty
        else {
            throw HandshakeProblem(message: "its handshake has no \"model\" with a \"name\" and a non-empty \"digest\"")
        }
        protocolVersion = version
        worker = handshake["worker"]?.stringValue
        self.name = name
        self.digest = digest
        inputSize = model["input_size"]?.intValue
        tagCount = model["tags"]?.intValue
        batchSize = handshake["batch_size"]?.intValue
        defaults = handshake["defaults"]?.mapValue ?? [:]
        self.handshake = handshake
    }

    /// Why a handshake was refused.
    struct HandshakeProblem: Error {
        let message: String
    }

    /// The options a request with `options` is served with: `options` over the worker's defaults.
    public func effectiveOptions(_ options: TagOptions) -> [String: Value] {
        defaults.merging(options.value) { _, given in given }.filter { $0.value != .null }
    }

    /// The key under which the answer to a request with `options` may be cached for an image: the
    /// digest of the model's digest and the effective options (so a change of model or of a
    /// threshold misses, while leaving a default out or spelling it makes no difference).
    public func cacheKey(for options: TagOptions) -> Digest {
        let key: Value = .map([
            "protocol": .int(protocolVersion),
            "model": .string(digest),
            "options": .map(effectiveOptions(options)),
        ])
        return Digest(of: CanonicalJSON.bytes(key))
    }
}

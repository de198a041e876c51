import RisaCore

/// The JSON-lines protocol of Risa's workers (workers/PROTOCOL.md in the repository): the requests
/// this client writes and how it reads the worker's lines.
public enum WorkerProtocol {
    /// The protocol version this client speaks, checked against the handshake's `protocol`.
    public static let version = 1

    /// One request line: `fields` with the id added, canonical JSON, newline-terminated.
    static func requestLine(id: Int, _ fields: [String: Value]) -> [UInt8] {
        var request = fields
        request["id"] = .int(id)
        var line = CanonicalJSON.bytes(.map(request))
        line.append(0x0A)
        return line
    }

    /// A tag request for the image at `path`.
    static func tagRequest(imagePath path: String, options: TagOptions) -> [String: Value] {
        ["op": .string("tag"), "image": .string(path), "options": .map(options.value)]
    }

    /// A request for the worker's timing statistics.
    static let statsRequest: [String: Value] = ["op": .string("stats")]

    /// A response line, read.
    enum Response {
        /// `{"id": N, "ok": true, ...}`: the whole object.
        case success(id: Int, fields: [String: Value])
        /// `{"id": N, "ok": false, "error": {"code", "message"}}`; `id` is `nil` for a line the
        /// worker could not attribute to a request.
        case failure(id: Int?, code: String, message: String)
    }

    /// Reads a response line; `nil` when it is not one (not JSON, no integer or null id, no `ok`).
    static func response(_ line: String) -> Response? {
        guard let value = try? CanonicalJSON.parse(line), let fields = value.mapValue,
            let ok = fields["ok"]?.boolValue
        else { return nil }
        let id = fields["id"]?.intValue
        if id == nil, fields["id"] != .null, fields["id"] != nil { return nil }
        if ok {
            guard let id else { return nil }
            return .success(id: id, fields: fields)
        }
        let error = fields["error"]
        return .failure(
            id: id, code: error?["code"]?.stringValue ?? "error",
            message: error?["message"]?.stringValue ?? "the worker gave no message")
    }
}

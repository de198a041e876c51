import Foundation

/// A Risa project in a fresh temporary folder: the folder holds a `.risa` directory, so it is the
/// project root whatever lies above it, and `risa` is run with it as the working directory.
struct TemporaryProject {
    /// The project root.
    let root: URL

    /// Creates the folder and its `.risa` marker.
    /// - Parameter name: a word put in the folder's name, to find it when a test leaves it behind.
    init(_ name: String) throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent(
            "risa-e2e-\(name)-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(
            at: root.appendingPathComponent(".risa"), withIntermediateDirectories: true)
    }

    /// Writes `text` to `path` (relative to the root), creating folders as needed.
    func write(_ path: String, _ text: String) throws {
        let url = root.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }

    /// The text of the file at `path` (relative to the root).
    func read(_ path: String) throws -> String {
        try String(contentsOf: root.appendingPathComponent(path), encoding: .utf8)
    }

    /// Runs `risa arguments` in the project root.
    @discardableResult
    func risa(
        _ arguments: String..., environment: [String: String] = [:], timeout: TimeInterval = 30
    ) async throws -> RisaResult {
        try await Risa.run(arguments, in: root, environment: environment, timeout: timeout)
    }

    /// Starts `risa arguments` in the project root without waiting for it.
    func start(_ arguments: String..., environment: [String: String] = [:]) throws -> RunningRisa {
        try Risa.start(arguments, in: root, environment: environment)
    }

    /// Every regular file under `path` (relative to the root), by path relative to `path`, with
    /// its bytes; folders are not listed. Symbolic links are listed with the text `-> target`.
    func files(under path: String) throws -> [String: Data] {
        let base = root.appendingPathComponent(path)
        var result: [String: Data] = [:]
        guard let enumerator = FileManager.default.enumerator(atPath: base.path) else { return result }
        for case let relative as String in enumerator {
            let full = base.appendingPathComponent(relative).path
            let attributes = try FileManager.default.attributesOfItem(atPath: full)
            switch attributes[.type] as? FileAttributeType {
            case .typeRegular?: result[relative] = try Data(contentsOf: URL(fileURLWithPath: full))
            case .typeSymbolicLink?:
                result[relative] = Data("-> \(try FileManager.default.destinationOfSymbolicLink(atPath: full))".utf8)
            default: continue
            }
        }
        return result
    }

    /// Deletes the folder, making read-only files and folders writable first.
    func remove() {
        if let enumerator = FileManager.default.enumerator(atPath: root.path) {
            for case let path as String in enumerator { chmod(root.appendingPathComponent(path).path, 0o755) }
        }
        try? FileManager.default.removeItem(at: root)
    }
}

/// The JSON Lines that `risa run --json` prints.
struct RunJSON {
    /// Every line, parsed.
    let events: [[String: Any]]

    /// Parses every line of `stdout`.
    /// - Throws: `E2EError` naming the first line that is not a JSON object.
    init(_ stdout: String) throws {
        var events: [[String: Any]] = []
        for line in stdout.split(separator: "\n") where !line.isEmpty {
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
                throw E2EError("not a JSON object: \(line)")
            }
            events.append(object)
        }
        self.events = events
    }

    /// The last line: the run summary.
    var summary: [String: Any]? { events.last }

    /// The summary's steps.
    var steps: [[String: Any]] { summary?["steps"] as? [[String: Any]] ?? [] }

    /// Each step's status by id.
    var statuses: [String: String] {
        Dictionary(
            steps.compactMap { step in (step["id"] as? String).map { ($0, step["status"] as? String ?? "?") } },
            uniquingKeysWith: { first, _ in first })
    }

    /// The sum of one item count (`total`, `ran`, `cached`, `failed`) over every step.
    func itemCount(_ name: String) -> Int {
        steps.reduce(0) { $0 + ((($1["items"] as? [String: Any])?[name] as? Int) ?? 0) }
    }

    /// Every output digest of each step by id, ordered by output name then element.
    var outputDigests: [String: [String]] {
        var result: [String: [String]] = [:]
        for step in steps {
            guard let id = step["id"] as? String, let outputs = step["outputs"] as? [String: Any] else { continue }
            result[id] = outputs.keys.sorted().flatMap { name -> [String] in
                let entries = outputs[name] as? [[String: Any]] ?? [outputs[name] as? [String: Any] ?? [:]]
                return entries.map { $0["digest"] as? String ?? "?" }
            }
        }
        return result
    }

    /// The run id from the `run_started` line.
    var runID: String? {
        events.first { $0["event"] as? String == "run_started" }?["run"] as? String
    }
}

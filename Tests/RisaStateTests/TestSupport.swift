import Foundation
import RisaCore
import RisaState

/// Runs `body` with a fresh folder under the system's temporary folder, removed afterwards.
func withTemporaryDirectory<T>(_ body: (TemporaryDirectory) async throws -> T) async throws -> T {
    let directory = try TemporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory.url) }
    return try await body(directory)
}

/// A temporary folder made by `withTemporaryDirectory`.
struct TemporaryDirectory {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("risa-state-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    /// The path of `name` inside the folder.
    func path(_ name: String) -> String {
        url.appendingPathComponent(name).path
    }
}

/// Runs `body` with a store on a new database file (`.risa/state.db` in a temporary folder) and
/// the file's path.
func withStore<T>(_ body: (SQLiteRunRecordStore, String) async throws -> T) async throws -> T {
    try await withTemporaryDirectory { directory in
        let path = directory.path(".risa/state.db")
        return try await body(try SQLiteRunRecordStore(path: path), path)
    }
}

/// A date on a whole millisecond, as the store keeps them.
func date(_ secondsSince1970: Double) -> Date {
    Date(timeIntervalSince1970: (secondsSince1970 * 1000).rounded() / 1000)
}

/// A run record with every field set, started at `startedAt` seconds since 1970.
func sampleRun(_ id: String, startedAt: Double = 1_763_779_512.345, process: ProcessIdentity? = nil) -> RunRecord {
    RunRecord(
        id: RunID(id), pipelineName: "thumbnails", pipelinePath: "pipelines/thumbs.yaml",
        params: .map(["size": .int(256), "token": .string("<redacted>"), "scale": .number(0.5)]),
        startedAt: date(startedAt), risaVersion: "0.1.0", environmentFingerprint: "linux-x86_64 ffmpeg-6.0",
        process: process)
}

/// The digest of a short text, for fixtures.
func digest(_ text: String) -> Digest {
    Digest(ofText: text)
}

/// A deterministic random source (SplitMix64) for ids in tests.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

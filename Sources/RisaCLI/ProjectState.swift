import Foundation
import RisaState
import RisaStore

/// The project's local state: the content store and run records under `.risa/` (or `$RISA_DIR`),
/// and the folder outputs are published in (`out/`, or `$RISA_OUT`).
struct ProjectState {
    let directory: URL
    let store: LocalStore
    let records: SQLiteRunRecordStore
    let outputDirectory: URL

    /// The state folder of the project at `root`.
    static func directory(root: URL) -> URL {
        ProcessInfo.processInfo.environment["RISA_DIR"].map { URL(fileURLWithPath: $0) }
            ?? root.appendingPathComponent(".risa")
    }

    /// Opens the project's state when it exists (read-only commands never create it).
    static func openExisting(root: URL) throws -> ProjectState? {
        guard FileManager.default.fileExists(atPath: directory(root: root).appendingPathComponent("store").path) else {
            return nil
        }
        return try open(root: root)
    }

    /// Opens (creating when needed) the state of the project at `root`.
    static func open(root: URL) throws -> ProjectState {
        let environment = ProcessInfo.processInfo.environment
        let directory = directory(root: root)
        let output = environment["RISA_OUT"].map { URL(fileURLWithPath: $0) } ?? root.appendingPathComponent("out")
        do {
            let store = try LocalStore(root: directory.appendingPathComponent("store"))
            let records = try SQLiteRunRecordStore(path: directory.appendingPathComponent("state.db").path)
            return ProjectState(directory: directory, store: store, records: records, outputDirectory: output)
        } catch {
            throw CommandFailure(
                message: "cannot open the project state in \(directory.path): \(error)", status: ExitStatus.failed)
        }
    }
}

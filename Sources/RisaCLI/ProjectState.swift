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

    /// Opens (creating when needed) the state of the project at `root`.
    static func open(root: URL) throws -> ProjectState {
        let environment = ProcessInfo.processInfo.environment
        let directory = environment["RISA_DIR"].map { URL(fileURLWithPath: $0) } ?? root.appendingPathComponent(".risa")
        let output = environment["RISA_OUT"].map { URL(fileURLWithPath: $0) } ?? root.appendingPathComponent("out")
        do {
            let store = try LocalStore(root: directory.appendingPathComponent("store"))
            let records = try SQLiteRunRecordStore(path: directory.appendingPathComponent("state.db").path)
            return ProjectState(directory: directory, store: store, records: records, outputDirectory: output)
        } catch {
            throw CommandFailure(message: "cannot open the project state in \(directory.path): \(error)", status: ExitStatus.failed)
        }
    }
}

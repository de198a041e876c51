import Foundation
import Testing

@testable import RisaState

@Suite("Opening and migrating the run database")
struct SchemaMigrationTests {
    @Test("a new file is created with its folder, in WAL mode, with empty tables")
    func newFile() async throws {
        try await withTemporaryDirectory { directory in
            let path = directory.path("project/.risa/state.db")
            let store = try SQLiteRunRecordStore(path: path)
            #expect(FileManager.default.fileExists(atPath: path))
            #expect(try await store.journalMode() == "wal")
            #expect(try await store.listRuns(limit: 10).isEmpty)
        }
    }

    @Test("reopening an existing file keeps its records and does not migrate again")
    func reopen() async throws {
        try await withTemporaryDirectory { directory in
            let path = directory.path("state.db")
            try await SQLiteRunRecordStore(path: path).createRun(sampleRun("20251122-024512-a1b2c3"))
            let reopened = try SQLiteRunRecordStore(path: path)
            #expect(try await reopened.journalMode() == "wal")
            #expect(try await reopened.listRuns(limit: 10).map(\.id.rawValue) == ["20251122-024512-a1b2c3"])
        }
    }

    @Test("several processes opening a new file at once all succeed")
    func concurrentCreation() async throws {
        // The races (switching a new file to WAL, applying the first migration) last milliseconds and
        // happen only on a new file, so the test opens many new files, each from six stores at once.
        for _ in 0..<20 {
            try await withTemporaryDirectory { directory in
                let path = directory.path("state.db")
                let stores = try await withThrowingTaskGroup(of: SQLiteRunRecordStore.self) { group in
                    for _ in 0..<6 {
                        group.addTask { try SQLiteRunRecordStore(path: path) }
                    }
                    return try await group.reduce(into: []) { $0.append($1) }
                }
                #expect(stores.count == 6)
                #expect(try await stores[5].journalMode() == "wal")
            }
        }
    }

    @Test("a file that is not a database is reported as corrupt, naming the file")
    func corruptFile() async throws {
        try await withTemporaryDirectory { directory in
            let path = directory.path("state.db")
            try Data(String(repeating: "not an sqlite database\n", count: 200).utf8)
                .write(to: URL(fileURLWithPath: path))
            let error = try #require(throws: StateError.self) { try SQLiteRunRecordStore(path: path) }
            #expect(error.code == .corrupt)
            #expect(error.message.contains(path))
            #expect(error.message.contains("move it aside"))
        }
    }

    @Test("a folder in place of the file is reported as unopenable, naming it")
    func folderInPlaceOfFile() async throws {
        try await withTemporaryDirectory { directory in
            let path = directory.path("state.db")
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
            let error = try #require(throws: StateError.self) { try SQLiteRunRecordStore(path: path) }
            #expect(error.code == .cannotOpen)
            #expect(error.message.contains(path))
        }
    }
}

import Foundation
import RisaCore
import RisaEngine
import RisaState
import Synchronization
import Testing

/// Library versions are looked up only for the libraries the run's steps use, once each, and the
/// run record lists exactly those.
@Suite struct LibraryVersionsTests {
    @Test func eachNameIsLookedUpOnceAndUnknownNamesSaySo() {
        let asked = Mutex<[String]>([])
        let versions = LibraryVersions(lookup: { name in
            asked.withLock { $0.append(name) }
            return name == "zlib" ? "1.2.13" : nil
        })
        #expect(versions.versions(of: ["zlib", "libfoo"]) == ["zlib": "1.2.13", "libfoo": "unknown"])
        #expect(versions.version(of: "zlib") == "1.2.13")
        #expect(asked.withLock { $0 }.sorted() == ["libfoo", "zlib"])
    }

    @Test func aRunLooksUpAndRecordsOnlyTheLibrariesOfItsSteps() async throws {
        let project = try EngineFixture()
        defer { project.remove() }
        let asked = Mutex<[String]>([])
        let lookup: @Sendable (String) -> String? = { name in
            asked.withLock { $0.append(name) }
            return "v-" + name
        }
        let text = try await project.run(
            "steps:\n  note:\n    uses: text.write\n    with: {text: hi}\n",
            configure: { $0.libraryVersions = LibraryVersions(lookup: lookup) })
        #expect(text.status == "succeeded")
        #expect(asked.withLock { $0 }.isEmpty)
        #expect(try await project.records.run(RunID(text.run)).run.environmentFingerprint == "{}")

        try project.write("data/a.txt", "alpha\n")
        let zipped = try await project.run(
            """
            steps:
              one:
                uses: archive.zip
                with: {files: data/, name: one.zip}
              two:
                uses: archive.zip
                with: {files: data/, name: two.zip}
            """,
            configure: { $0.libraryVersions = LibraryVersions(lookup: lookup) })
        #expect(zipped.status == "succeeded")
        #expect(asked.withLock { $0 } == ["zlib"])
        #expect(try await project.records.run(RunID(zipped.run)).run.environmentFingerprint == #"{"zlib":"v-zlib"}"#)
    }
}

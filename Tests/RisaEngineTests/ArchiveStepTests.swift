import Foundation
import RisaCore
import RisaEngine
import Testing

/// `archive.zip` and `archive.unzip` run in pipelines: deterministic archives of sets and folders,
/// readable by `unzip`, extracted back, and unsafe archives refused naming the entry.
@Suite struct ArchiveStepTests {
    static let pipeline = """
        steps:
          upper:
            uses: files.map
            with: {files: data/, run: tr a-z A-Z < "$IN" > "$OUT"}
          pack:
            uses: archive.zip
            with: {files: "${{ steps.upper.outputs.files }}", name: set.zip, prefix: dataset}
          unpack:
            uses: archive.unzip
            with: {archive: "${{ steps.pack.outputs.archive }}"}
        """

    private func shell(_ command: String, in folder: URL) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        process.currentDirectoryURL = folder
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    @Test func packsASetDeterministicallyAndUnpacksItBack() async throws {
        let project = try EngineFixture()
        defer { project.remove() }
        try project.write("data/b.txt", "beta\n")
        try project.write("data/a/x.txt", "alpha\n")
        let first = try await project.run(Self.pipeline)
        #expect(first.status == "succeeded")
        let listing = try shell("unzip -t out/p/pack/set.zip && unzip -Z1 out/p/pack/set.zip", in: project.root)
        #expect(listing.status == 0, "\(listing.output)")
        #expect(listing.output.hasSuffix("dataset/a/x.txt\ndataset/b.txt\n"), "\(listing.output)")
        #expect(try project.read("out/p/unpack/files/dataset/a/x.txt") == "ALPHA\n")

        // A fresh store and the same content give the same bytes.
        let digest = first.step("pack")?.outputs["archive"]?.first?.digest
        let again = try EngineFixture()
        defer { again.remove() }
        try again.write("data/a/x.txt", "alpha\n")
        try again.write("data/b.txt", "beta\n")
        let second = try await again.run(Self.pipeline)
        #expect(second.step("pack")?.outputs["archive"]?.first?.digest == digest)
    }

    @Test func unsafeArchivesAreRefusedNamingTheEntry() async throws {
        let project = try EngineFixture()
        defer { project.remove() }
        let made = try shell(
            """
            python3 -c "import zipfile; z = zipfile.ZipFile('evil.zip', 'w'); z.writestr('ok.txt', 'fine'); \
            z.writestr('../escape.txt', 'bad'); z.close()"
            """, in: project.root)
        #expect(made.status == 0, "\(made.output)")
        let summary = try await project.run(
            "steps:\n  unpack:\n    uses: archive.unzip\n    with: {archive: evil.zip}\n")
        #expect(summary.status == "failed")
        #expect(
            summary.step("unpack")?.error?.contains("../escape.txt") == true, "\(summary.step("unpack")?.error ?? "")")
        #expect(!FileManager.default.fileExists(atPath: project.root.appendingPathComponent("escape.txt").path))
        #expect(!FileManager.default.fileExists(atPath: project.root.appendingPathComponent("out/p/unpack").path))
    }
}

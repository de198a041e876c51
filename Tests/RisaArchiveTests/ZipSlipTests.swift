import Foundation
import Testing

@testable import RisaArchive

/// An entry of an archive crafted with Python's zipfile, which writes what it is told.
struct CraftedEntry {
    var name: String
    var data: String = "payload"
    /// The Unix mode put in the external attributes (made by Unix), if any.
    var mode: Int?
    /// Python's compress_type: 0 stored, 8 deflate, 12 bzip2.
    var method: Int = 0
}

/// Writes an archive of `entries` with Python's zipfile and returns its path.
func craftArchive(_ entries: [CraftedEntry], in folder: TemporaryFolder, name: String = "crafted.zip") throws -> String
{
    let path = "\(folder.path)/\(name)"
    let spec = entries.map { entry -> [String: Any] in
        ["name": entry.name, "data": entry.data, "mode": entry.mode ?? -1, "method": entry.method]
    }
    let json = String(decoding: try JSONSerialization.data(withJSONObject: spec), as: UTF8.self)
    let result = try python(
        """
        import json, sys, warnings, zipfile
        warnings.simplefilter("ignore")
        with zipfile.ZipFile(sys.argv[1], "w") as z:
            for e in json.loads(sys.argv[2]):
                info = zipfile.ZipInfo(e["name"], date_time=(1980, 1, 1, 0, 0, 0))
                info.compress_type = e["method"]
                if e["mode"] >= 0:
                    info.create_system = 3
                    info.external_attr = e["mode"] << 16
                z.writestr(info, e["data"])
        """, [path, json])
    guard result.status == 0 else { throw ArchiveError(.io, "python failed: \(result.output)") }
    return path
}

@Suite("ZipExtractor refuses archives that would write outside the destination")
struct ZipSlipTests {
    @Test(
        "paths that escape the destination are refused, naming the entry",
        arguments: [
            "../evil.txt", "/tmp/evil.txt", "C:/evil.txt", "c:evil.txt", "..\\evil.txt", "a/../../evil.txt",
            "a/./b.txt", "a//b.txt",
        ])
    func traversal(name: String) throws {
        let folder = try TemporaryFolder()
        let archive = try craftArchive([CraftedEntry(name: "fine.txt"), CraftedEntry(name: name)], in: folder)
        let out = "\(folder.path)/inner/out"
        try FileManager.default.createDirectory(atPath: "\(folder.path)/inner", withIntermediateDirectories: false)
        let error = #expect(throws: ArchiveError.self) { try ZipExtractor.extract(archive, to: out) }
        #expect(error?.code == .unsafePath)
        #expect(error?.entry == name)
        #expect(error?.message.contains(name) == true)
        #expect(try folder.names() == ["crafted.zip", "inner"])
        #expect(try folder.names("inner").isEmpty, "nothing extracted, no temporary folder left")
    }

    @Test("a symbolic link entry is refused, and so is a file written through it")
    func symbolicLinks() throws {
        let folder = try TemporaryFolder()
        let archive = try craftArchive(
            [CraftedEntry(name: "link", data: folder.path, mode: 0o120777), CraftedEntry(name: "link/evil.txt")],
            in: folder)
        let error = #expect(throws: ArchiveError.self) { try ZipExtractor.extract(archive, to: "\(folder.path)/out") }
        #expect(error?.code == .symbolicLink)
        #expect(error?.entry == "link")
        #expect(!FileManager.default.fileExists(atPath: "\(folder.path)/evil.txt"))
        #expect(try folder.names() == ["crafted.zip"])
    }

    @Test("duplicate names are refused")
    func duplicates() throws {
        let folder = try TemporaryFolder()
        let archive = try craftArchive(
            [CraftedEntry(name: "a.txt", data: "one"), CraftedEntry(name: "a.txt", data: "two")], in: folder)
        let error = #expect(throws: ArchiveError.self) { try ZipExtractor.extract(archive, to: "\(folder.path)/out") }
        #expect(error?.code == .duplicatePath)
        #expect(error?.entry == "a.txt")
    }

    @Test("a file that is also a folder of another entry is refused")
    func fileFolderClash() throws {
        let folder = try TemporaryFolder()
        let archive = try craftArchive([CraftedEntry(name: "a"), CraftedEntry(name: "a/b.txt")], in: folder)
        let error = #expect(throws: ArchiveError.self) { try ZipExtractor.extract(archive, to: "\(folder.path)/out") }
        #expect(error?.code == .duplicatePath)
        #expect(error?.entry == "a")
    }

    @Test("encrypted entries are refused")
    func encrypted() throws {
        let folder = try TemporaryFolder()
        // Python's zipfile cannot encrypt: set the encryption flag (bit 0) in both headers by hand.
        let path = try writeArchive([.text("secret.txt", "payload")], in: folder)
        var bytes = try readBytes(path)
        let central = try #require(find(bytes, [0x50, 0x4b, 0x01, 0x02]))
        bytes[6] |= 1
        bytes[central + 8] |= 1
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let error = #expect(throws: ArchiveError.self) { try ZipExtractor.extract(path, to: "\(folder.path)/out") }
        #expect(error?.code == .encrypted)
        #expect(error?.entry == "secret.txt")
    }

    @Test("compression methods other than stored and deflate are refused")
    func unsupportedMethod() throws {
        let folder = try TemporaryFolder()
        let archive = try craftArchive([CraftedEntry(name: "b.txt", method: 12)], in: folder)
        let error = #expect(throws: ArchiveError.self) { try ZipExtractor.extract(archive, to: "\(folder.path)/out") }
        #expect(error?.code == .unsupportedMethod)
        #expect(error?.entry == "b.txt")
    }
}

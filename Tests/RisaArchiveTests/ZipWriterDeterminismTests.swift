import Testing

@testable import RisaArchive

@Suite("ZipWriter output is reproducible")
struct ZipWriterDeterminismTests {
    private func entries(in folder: TemporaryFolder) throws -> [ZipEntry] {
        [
            .file("images/b.jpg", from: try folder.write("src/b.jpg", randomBytes(5000, seed: 1))),
            .file(
                "captions/a.txt",
                from: try folder.write("src/a.txt", text: String(repeating: "a red fox, ", count: 200))),
            .text("manifest.json", "{\"count\": 2}\n"),
            .file("images/a.png", from: try folder.write("src/a.png", randomBytes(3000, seed: 2))),
        ]
    }

    @Test("the same entries in another order give the same bytes")
    func orderDoesNotMatter() throws {
        let folder = try TemporaryFolder()
        let list = try entries(in: folder)
        let first = try writeArchive(list, in: folder, name: "first.zip")
        let second = try writeArchive(list.reversed(), in: folder, name: "second.zip")
        let third = try writeArchive([list[2], list[0], list[3], list[1]], in: folder, name: "third.zip")
        #expect(try readBytes(first) == readBytes(second))
        #expect(try readBytes(first) == readBytes(third))
    }

    @Test("two writes of the same content have the same SHA-256")
    func sameDigest() throws {
        let folder = try TemporaryFolder()
        let list = try entries(in: folder)
        var synchronized = ZipWriterOptions()
        synchronized.synchronize = true
        let first = try writeArchive(list, in: folder, name: "first.zip")
        let second = try writeArchive(list, in: folder, name: "second.zip", options: synchronized)
        #expect(try sha256(first) == sha256(second))
    }

    @Test("entries are sorted by the bytes of their paths, with fixed date, mode and no extra fields")
    func fixedMetadata() throws {
        let folder = try TemporaryFolder()
        let path = try writeArchive(try entries(in: folder), in: folder)
        let archive = try ZipArchive(path: path)
        #expect(archive.entries.map(\.path) == ["captions/a.txt", "images/a.png", "images/b.jpg", "manifest.json"])
        for entry in archive.entries { #expect(entry.unixMode == 0o100644) }
        let result = try python(
            """
            import sys, zipfile
            with zipfile.ZipFile(sys.argv[1]) as z:
                for i in z.infolist():
                    assert i.date_time == (1980, 1, 1, 0, 0, 0), i.date_time
                    assert i.extra == b"", i.extra
                    assert i.create_system == 3, i.create_system
            print("ok")
            """, [path])
        #expect(result.status == 0, "\(result.output)")
    }

    @Test("a small archive has no ZIP64 record")
    func noZip64WhenSmall() throws {
        let folder = try TemporaryFolder()
        let path = try writeArchive(try entries(in: folder), in: folder)
        let bytes = try readBytes(path)
        let zip64End: [UInt8] = [0x50, 0x4b, 0x06, 0x06]
        let zip64Locator: [UInt8] = [0x50, 0x4b, 0x06, 0x07]
        #expect(!contains(bytes, zip64End))
        #expect(!contains(bytes, zip64Locator))
        let summary = try ZipWriter.write([.text("a.txt", "x")], to: "\(folder.path)/small.zip")
        #expect(!summary.usesZip64)
    }

    @Test("a folder listing archived twice gives identical archives")
    func folderEntries() throws {
        let folder = try TemporaryFolder()
        try folder.write("tree/z.txt", text: "last")
        try folder.write("tree/a/b/c.txt", text: "deep")
        try folder.write("tree/a/é.txt", text: "accent")
        let entries = try ZipEntry.files(inFolder: "\(folder.path)/tree", prefix: "data")
        #expect(Set(entries.map(\.path)) == ["data/z.txt", "data/a/b/c.txt", "data/a/é.txt"])
        let first = try writeArchive(entries, in: folder, name: "first.zip")
        let second = try writeArchive(entries.shuffled(), in: folder, name: "second.zip")
        #expect(try readBytes(first) == readBytes(second))
    }

    private func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard haystack.count >= needle.count else { return false }
        return (0...(haystack.count - needle.count)).contains { haystack[$0..<$0 + needle.count].elementsEqual(needle) }
    }
}

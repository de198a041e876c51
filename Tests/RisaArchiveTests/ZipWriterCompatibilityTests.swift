import Testing

@testable import RisaArchive

@Suite("Archives written by ZipWriter are read by unzip and Python")
struct ZipWriterCompatibilityTests {
    @Test("unzip -t and Python's testzip accept the archive; unzip shows mode 0644")
    func externalTools() throws {
        let folder = try TemporaryFolder()
        let path = try writeArchive(
            [
                .file("photo.jpg", from: try folder.write("photo.jpg", randomBytes(70_000, seed: 3))),
                .text("notes/readme.txt", String(repeating: "hello archive\n", count: 500)),
                .bytes("empty.bin", []),
            ], in: folder)
        let test = try run("unzip", ["-t", path])
        #expect(test.status == 0, "\(test.output)")
        #expect(test.output.contains("No errors detected"))
        let listing = try run("unzip", ["-Z", path])
        #expect(listing.output.contains("-rw-r--r--"), "\(listing.output)")
        let check = try pythonCheck(path)
        #expect(check.status == 0, "\(check.output)")
        #expect(check.output.contains("empty.bin 0 0 0o100644"))
        #expect(check.output.contains("notes/readme.txt 8 7000 0o100644"))
    }

    @Test("non-ASCII names get the UTF-8 flag and are read back by Python and unzip")
    func utf8Names() throws {
        let folder = try TemporaryFolder()
        let names = ["キャラ/画像.txt", "café.txt", "ascii.txt"]
        let path = try writeArchive(names.map { .text($0, "content of \($0)") }, in: folder)
        let archive = try ZipArchive(path: path)
        for entry in archive.entries {
            let ascii = entry.path.utf8.allSatisfy { $0 < 0x80 }
            #expect((entry.flags & 0x0800 != 0) == !ascii, "\(entry.path)")
        }
        let check = try pythonCheck(path)
        #expect(check.status == 0, "\(check.output)")
        for name in names { #expect(check.output.contains(name)) }
        let extracted = "\(folder.path)/unzipped"
        let unzip = try run("unzip", ["-q", path, "-d", extracted])
        #expect(unzip.status == 0, "\(unzip.output)")
        #expect(try readBytes("\(extracted)/キャラ/画像.txt") == Array("content of キャラ/画像.txt".utf8))
    }

    @Test("an empty file is a stored entry of size zero")
    func emptyFile() throws {
        let folder = try TemporaryFolder()
        let path = try writeArchive([.file("empty.txt", from: try folder.write("empty.txt", []))], in: folder)
        let entry = try #require(try ZipArchive(path: path).entries.first)
        #expect(entry.method == 0)
        #expect(entry.uncompressedSize == 0)
        #expect(entry.compressedSize == 0)
        #expect(entry.crc32 == 0)
        #expect(try run("unzip", ["-t", path]).status == 0)
    }
}

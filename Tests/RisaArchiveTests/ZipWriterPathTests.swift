import Testing

@testable import RisaArchive

@Suite("ZipWriter refuses bad archive paths before writing anything")
struct ZipWriterPathTests {
    @Test(
        "malformed paths are refused with an error naming the entry",
        arguments: [
            "/abs.txt", "a/../b.txt", "../up.txt", "a//b.txt", "dir/", "./a.txt", "a\\b.txt", "", "a/./b", "C:/x.txt",
        ])
    func malformed(path: String) throws {
        let folder = try TemporaryFolder()
        let error = #expect(throws: ArchiveError.self) {
            try ZipWriter.write([.text("ok.txt", "x"), .text(path, "x")], to: "\(folder.path)/out.zip")
        }
        #expect(error?.code == .invalidPath)
        #expect(error?.entry == path)
        #expect(try folder.names().isEmpty, "nothing, not even a temporary file, is left")
    }

    @Test("duplicates and file-versus-folder clashes are refused")
    func duplicates() throws {
        let folder = try TemporaryFolder()
        let twice = #expect(throws: ArchiveError.self) {
            try ZipWriter.write(
                [.text("a/b.txt", "1"), .text("c", "2"), .text("a/b.txt", "3")], to: "\(folder.path)/o.zip")
        }
        #expect(twice?.code == .duplicatePath)
        #expect(twice?.entry == "a/b.txt")
        let clash = #expect(throws: ArchiveError.self) {
            try ZipWriter.write([.text("a", "1"), .text("a.txt", "2"), .text("a/b", "3")], to: "\(folder.path)/o.zip")
        }
        #expect(clash?.code == .duplicatePath)
        #expect(clash?.entry == "a")
    }

    @Test("a missing source file fails naming the entry, and no archive or temporary file is left")
    func missingSource() throws {
        let folder = try TemporaryFolder()
        try folder.write("old.zip", text: "previous archive")
        let error = #expect(throws: ArchiveError.self) {
            try ZipWriter.write(
                [.text("a.txt", "x"), .file("b.jpg", from: "\(folder.path)/missing.jpg")], to: "\(folder.path)/old.zip")
        }
        #expect(error?.code == .notFound)
        #expect(error?.entry == "b.jpg")
        #expect(try folder.names() == ["old.zip"])
        #expect(try readBytes("\(folder.path)/old.zip") == Array("previous archive".utf8))
    }
}

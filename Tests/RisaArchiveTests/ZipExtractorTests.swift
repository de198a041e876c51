import Foundation
import Testing

@testable import RisaArchive

@Suite("ZipExtractor round trips and archives made by other tools")
struct ZipExtractorTests {
    @Test("what ZipWriter writes, ZipExtractor gives back byte for byte")
    func roundTrip() throws {
        let folder = try TemporaryFolder()
        let photo = try folder.write("photo.jpg", randomBytes(300_000, seed: 7))
        let text = String(repeating: "a cat sitting on a mat\n", count: 4000)
        let path = try writeArchive(
            [
                .file("img/photo.jpg", from: photo), .text("img/photo.txt", text), .bytes("empty", []),
                .text("é/ü.txt", "ü"),
            ],
            in: folder)
        let out = "\(folder.path)/out"
        let summary = try ZipExtractor.extract(path, to: out)
        #expect(summary.fileCount == 4)
        #expect(summary.totalBytes == UInt64(300_000 + text.utf8.count + "ü".utf8.count))
        #expect(try readBytes("\(out)/img/photo.jpg") == readBytes(photo))
        #expect(try readBytes("\(out)/img/photo.txt") == Array(text.utf8))
        #expect(try readBytes("\(out)/empty").isEmpty)
        #expect(try readBytes("\(out)/é/ü.txt") == Array("ü".utf8))
        #expect(try folder.names().filter { $0.hasPrefix(".") }.isEmpty, "no temporary folder left")
    }

    @Test("archives made by zip -r (deflated, with folder entries) are extracted")
    func infoZipArchive() throws {
        let folder = try TemporaryFolder()
        try folder.write("src/docs/a.txt", text: String(repeating: "info-zip ", count: 1000))
        try folder.write("src/b.bin", randomBytes(2000, seed: 8))
        let made = try run("zip", ["-r", "-q", "../made.zip", "."], in: "\(folder.path)/src")
        #expect(made.status == 0, "\(made.output)")
        let out = "\(folder.path)/out"
        let summary = try ZipExtractor.extract("\(folder.path)/made.zip", to: out)
        #expect(summary.fileCount == 2)
        #expect(summary.folderCount == 1)
        #expect(try readBytes("\(out)/docs/a.txt") == readBytes("\(folder.path)/src/docs/a.txt"))
        #expect(try readBytes("\(out)/b.bin") == readBytes("\(folder.path)/src/b.bin"))
    }

    @Test("an existing empty folder may be the destination; a non-empty one or a link may not")
    func destinations() throws {
        let folder = try TemporaryFolder()
        let path = try writeArchive([.text("a.txt", "a")], in: folder)
        try FileManager.default.createDirectory(atPath: "\(folder.path)/empty", withIntermediateDirectories: false)
        try ZipExtractor.extract(path, to: "\(folder.path)/empty")
        #expect(try folder.names("empty") == ["a.txt"])

        try folder.write("full/keep.txt", text: "keep")
        let full = #expect(throws: ArchiveError.self) { try ZipExtractor.extract(path, to: "\(folder.path)/full") }
        #expect(full?.code == .destinationExists)
        #expect(try folder.names("full") == ["keep.txt"])

        try FileManager.default.createSymbolicLink(
            atPath: "\(folder.path)/link", withDestinationPath: "\(folder.path)/empty")
        let link = #expect(throws: ArchiveError.self) { try ZipExtractor.extract(path, to: "\(folder.path)/link") }
        #expect(link?.code == .destinationExists)
    }
}

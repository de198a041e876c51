import Foundation
import Testing

@testable import RisaArchive

@Suite("ZipExtractor detects damaged archives and leaves nothing behind")
struct ZipCorruptionTests {
    @Test("a changed byte in stored data fails the CRC check")
    func storedCRC() throws {
        let folder = try TemporaryFolder()
        let path = try writeArchive([.text("a.txt", "fine"), .bytes("b.jpg", randomBytes(1000, seed: 11))], in: folder)
        var bytes = try readBytes(path)
        let local = try #require(find(bytes, [0x50, 0x4b, 0x03, 0x04], from: 1))
        bytes[local + 30 + "b.jpg".utf8.count + 500] ^= 0xFF
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let error = #expect(throws: ArchiveError.self) { try ZipExtractor.extract(path, to: "\(folder.path)/out") }
        #expect(error?.code == .corrupt)
        #expect(error?.entry == "b.jpg")
        #expect(error?.message.contains("CRC") == true)
        #expect(try folder.names() == ["out.zip"], "the file extracted before is gone too")
    }

    @Test("a changed byte in deflated data is detected")
    func deflatedData() throws {
        let folder = try TemporaryFolder()
        let text = (0..<2000).map { "line \($0) of a caption file\n" }.joined()
        let path = try writeArchive([.text("a.txt", text)], in: folder)
        var bytes = try readBytes(path)
        bytes[30 + 5 + 200] ^= 0x55
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let error = #expect(throws: ArchiveError.self) { try ZipExtractor.extract(path, to: "\(folder.path)/out") }
        #expect(error?.code == .corrupt)
        #expect(error?.entry == "a.txt")
    }

    @Test("a truncated archive is reported as such", arguments: [0.5, 0.98])
    func truncated(fraction: Double) throws {
        let folder = try TemporaryFolder()
        let path = try writeArchive(
            [.bytes("a.bin", randomBytes(5000, seed: 12)), .bytes("b.bin", randomBytes(5000, seed: 13))], in: folder)
        let bytes = try readBytes(path)
        try Data(bytes.prefix(Int(Double(bytes.count) * fraction))).write(to: URL(fileURLWithPath: path))
        let error = #expect(throws: ArchiveError.self) { try ZipExtractor.extract(path, to: "\(folder.path)/out") }
        #expect(error?.code == .malformed)
        #expect(error?.message.contains("truncated") == true, "\(error?.message ?? "")")
        #expect(throws: ArchiveError.self) { try ZipArchive(path: path) }
    }

    @Test("a file that is not a ZIP archive is refused")
    func notZip() throws {
        let folder = try TemporaryFolder()
        let path = try folder.write("x.zip", text: "just some text, not an archive at all")
        let error = #expect(throws: ArchiveError.self) { try ZipArchive(path: path) }
        #expect(error?.code == .malformed)
    }
}

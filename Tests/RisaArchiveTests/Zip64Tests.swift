import Foundation
import Testing

@testable import RisaArchive

@Suite("ZIP64 records, reached with lowered thresholds or many entries")
struct Zip64Tests {
    @Test("sizes and offsets past a lowered threshold use ZIP64 fields that unzip and Python accept")
    func forcedZip64() throws {
        let folder = try TemporaryFolder()
        let path = "\(folder.path)/forced.zip"
        let big = try folder.write("big.jpg", randomBytes(5000, seed: 6))
        let text = String(repeating: "zip64 ", count: 2000)
        let entries: [ZipEntry] = [.file("a/big.jpg", from: big), .text("b.txt", text), .text("c.txt", "tiny")]
        let summary = try ZipWriter.write(
            entries, to: path, options: ZipWriterOptions(), thresholds: Zip64Thresholds(size: 1000, count: 2))
        #expect(summary.usesZip64)
        let bytes = try readBytes(path)
        #expect(bytes.count > 100)
        let test = try run("unzip", ["-t", path])
        #expect(test.status == 0, "\(test.output)")
        let check = try pythonCheck(path)
        #expect(check.status == 0, "\(check.output)")
        #expect(check.output.contains("b.txt 8 12000"))

        let archive = try ZipArchive(path: path)
        #expect(archive.entries.map(\.path) == ["a/big.jpg", "b.txt", "c.txt"])
        #expect(archive.entries[0].uncompressedSize == 5000)
        let out = "\(folder.path)/out"
        let extracted = try ZipExtractor.extract(path, to: out)
        #expect(extracted.fileCount == 3)
        #expect(try readBytes("\(out)/a/big.jpg") == readBytes(big))
        #expect(try readBytes("\(out)/b.txt") == Array(text.utf8))
    }

    @Test("more than 65,535 entries give a ZIP64 end record that unzip and Python read")
    func manyEntries() throws {
        let folder = try TemporaryFolder()
        let path = "\(folder.path)/many.zip"
        let count = 70_000
        let entries = (0..<count).map { ZipEntry.bytes("f/\($0)", [UInt8(truncatingIfNeeded: $0)]) }
        let summary = try ZipWriter.write(entries, to: path)
        #expect(summary.usesZip64)
        #expect(summary.entryCount == count)
        #expect(try ZipArchive(path: path).entries.count == count)
        let test = try run("unzip", ["-tq", path])
        #expect(test.status == 0, "\(test.output)")
        let check = try python(
            "import sys, zipfile\nz = zipfile.ZipFile(sys.argv[1])\nassert z.read('f/69999') == bytes([69999 % 256])\n"
                + "print(len(z.infolist()))",
            [path])
        #expect(check.output.trimmingCharacters(in: .whitespacesAndNewlines) == "\(count)")
    }
}

import Testing

@testable import RisaArchive

@Suite("ZipWriter stores or deflates each entry")
struct ZipWriterMethodTests {
    @Test("already-compressed formats are stored by extension, even when deflate would shrink them")
    func storedByExtension() throws {
        let folder = try TemporaryFolder()
        let compressible = Array(repeating: UInt8(ascii: "a"), count: 10_000)
        let path = try writeArchive(
            [.bytes("x.JPG", compressible), .bytes("y.safetensors", compressible), .bytes("z.txt", compressible)],
            in: folder)
        let methods = Dictionary(uniqueKeysWithValues: try ZipArchive(path: path).entries.map { ($0.path, $0.method) })
        #expect(methods == ["x.JPG": 0, "y.safetensors": 0, "z.txt": 8])
    }

    @Test("text is deflated; incompressible data without a known extension is stored")
    func savingsRule() throws {
        let folder = try TemporaryFolder()
        let random = randomBytes(200_000, seed: 4)
        let text = Array(String(repeating: "1girl, solo, smile, ", count: 10_000).utf8)
        let summary = try ZipWriter.write(
            [.bytes("random.bin", random), .bytes("tags.txt", text)], to: "\(folder.path)/out.zip")
        #expect(summary.storedCount == 1)
        #expect(summary.deflatedCount == 1)
        let entries = try ZipArchive(path: "\(folder.path)/out.zip").entries
        let randomEntry = try #require(entries.first { $0.path == "random.bin" })
        let textEntry = try #require(entries.first { $0.path == "tags.txt" })
        #expect(randomEntry.method == 0 && randomEntry.compressedSize == 200_000)
        #expect(textEntry.method == 8 && textEntry.compressedSize < UInt64(text.count) / 10)
        #expect(try pythonCheck("\(folder.path)/out.zip").status == 0)
    }

    @Test("a stored retry after a failed deflate also works for data larger than the buffer")
    func largeIncompressibleFile() throws {
        let folder = try TemporaryFolder()
        var options = ZipWriterOptions()
        options.bufferSize = 64 << 10
        let source = try folder.write("big.dat", randomBytes(300_000, seed: 5))
        let path = try writeArchive(
            [.file("big.dat", from: source), .text("after.txt", String(repeating: "z", count: 300_000))],
            in: folder, options: options)
        let entries = try ZipArchive(path: path).entries
        #expect(entries.map(\.path) == ["after.txt", "big.dat"])
        #expect(entries.map(\.method) == [8, 0])
        #expect(try run("unzip", ["-t", path]).status == 0)
        let out = "\(folder.path)/x"
        try ZipExtractor.extract(path, to: out)
        #expect(try readBytes("\(out)/big.dat") == readBytes(source))
    }
}

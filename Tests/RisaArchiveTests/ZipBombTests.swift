import Foundation
import Testing

@testable import RisaArchive

@Suite("ZipExtractor limits what an archive may expand to")
struct ZipBombTests {
    @Test("too many entries are refused before anything is read")
    func entryCount() throws {
        let folder = try TemporaryFolder()
        let archive = try writeArchive((0..<5).map { .text("\($0).txt", "x") }, in: folder)
        var limits = ExtractionLimits()
        limits.maximumEntryCount = 4
        let error = #expect(throws: ArchiveError.self) {
            try ZipExtractor.extract(archive, to: "\(folder.path)/out", limits: limits)
        }
        #expect(error?.code == .limitExceeded)
        #expect(try folder.names() == ["out.zip"])
    }

    @Test("a total size past the limit is refused, naming the entry that reaches it")
    func totalSize() throws {
        let folder = try TemporaryFolder()
        let archive = try writeArchive(
            [.bytes("a.bin", randomBytes(60, seed: 9)), .bytes("b.bin", randomBytes(60, seed: 10))], in: folder)
        var limits = ExtractionLimits()
        limits.maximumTotalBytes = 100
        let error = #expect(throws: ArchiveError.self) {
            try ZipExtractor.extract(archive, to: "\(folder.path)/out", limits: limits)
        }
        #expect(error?.code == .limitExceeded)
        #expect(error?.entry == "b.bin")
    }

    @Test("an entry compressed past the ratio limit is refused")
    func ratio() throws {
        let folder = try TemporaryFolder()
        let archive = try writeArchive([.bytes("zeros.txt", [UInt8](repeating: 0, count: 4 << 20))], in: folder)
        let error = #expect(throws: ArchiveError.self) { try ZipExtractor.extract(archive, to: "\(folder.path)/out") }
        #expect(error?.code == .limitExceeded)
        #expect(error?.entry == "zeros.txt")
        var limits = ExtractionLimits()
        limits.maximumCompressionRatio = 2000
        #expect(try ZipExtractor.extract(archive, to: "\(folder.path)/out", limits: limits).totalBytes == 4 << 20)
    }

    @Test("an entry that inflates past its declared size is stopped there")
    func lyingSize() throws {
        let folder = try TemporaryFolder()
        let path = try writeArchive([.text("a.txt", String(repeating: "abc", count: 10_000))], in: folder)
        var bytes = try readBytes(path)
        // Declare 100 bytes instead of 30,000, in the central directory and the local header.
        let central = try #require(find(bytes, [0x50, 0x4b, 0x01, 0x02]))
        bytes.replaceSubrange((central + 24)..<(central + 28), with: [100, 0, 0, 0])
        bytes.replaceSubrange(22..<26, with: [100, 0, 0, 0])
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let error = #expect(throws: ArchiveError.self) { try ZipExtractor.extract(path, to: "\(folder.path)/out") }
        #expect(error?.code == .corrupt)
        #expect(error?.entry == "a.txt")
        #expect(try folder.names() == ["out.zip"])
    }

    @Test("entries whose data overlap are refused")
    func overlap() throws {
        let folder = try TemporaryFolder()
        let path = try writeArchive([.text("a.txt", "first"), .text("b.txt", "second")], in: folder)
        var bytes = try readBytes(path)
        // Point the second central header at the first local header.
        let first = try #require(find(bytes, [0x50, 0x4b, 0x01, 0x02]))
        let second = try #require(find(bytes, [0x50, 0x4b, 0x01, 0x02], from: first + 4))
        bytes.replaceSubrange((second + 42)..<(second + 46), with: [0, 0, 0, 0])
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let error = #expect(throws: ArchiveError.self) { try ZipExtractor.extract(path, to: "\(folder.path)/out") }
        #expect(error?.code == .malformed)
        #expect(error?.entry == "b.txt")
    }
}

/// The first index of `needle` in `haystack` at or after `start`.
func find(_ haystack: [UInt8], _ needle: [UInt8], from start: Int = 0) -> Int? {
    guard haystack.count >= needle.count, start <= haystack.count - needle.count else { return nil }
    return (start...(haystack.count - needle.count)).first { haystack[$0..<$0 + needle.count].elementsEqual(needle) }
}

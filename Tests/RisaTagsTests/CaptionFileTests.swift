import Foundation
import Testing

@testable import RisaTags

@Suite struct CaptionFileTests {
    @Test func splitsCommasAndLinesAndTrims() {
        let tags = CaptionFile.tags(from: " 1girl,  long hair ,,character:miku\nsmile ", source: "sidecar")
        #expect(tags.map(\.name) == ["1girl", "long hair", "miku", "smile"])
        #expect(tags[2].category == .character)
        #expect(tags.allSatisfy { $0.source == "sidecar" })
    }

    @Test func nonUTF8CaptionNamesTheFile() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path + "/img001.txt"
        try Data([0x63, 0x61, 0x66, 0xE9, 0x2C, 0x20, 0x62]).write(to: URL(fileURLWithPath: path))
        do {
            _ = try CaptionFile.readTags(path: path)
            Issue.record("expected an error")
        } catch let error as TagsError {
            #expect(error.code == .invalidEncoding)
            #expect(error.message.contains(path))
            #expect(error.message.contains("byte 3"))
        }
        let tags = try CaptionFile.readTags(path: path, encoding: .latin1)
        #expect(tags.map(\.name) == ["café", "b"])
    }

    @Test func emptyCaptionIsAnError() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path + "/empty.caption"
        try Data(" , \n".utf8).write(to: URL(fileURLWithPath: path))
        #expect(throws: TagsError(.emptyCaption, "\(path): the caption file is empty")) {
            try CaptionFile.readTags(path: path)
        }
    }

    @Test func declaredEncodingsTranscode() throws {
        let shiftJIS = try #require("初音ミク, 笑顔".data(using: .shiftJIS))
        #expect(try CaptionFile.decode(shiftJIS, encoding: .shiftJIS, name: "a.txt") == "初音ミク, 笑顔")
        let utf16 = try #require("smile, ^_^".data(using: .utf16))
        #expect(try CaptionFile.decode(utf16, encoding: .utf16, name: "a.txt") == "smile, ^_^")
        let bom = Data([0xEF, 0xBB, 0xBF]) + Data("smile".utf8)
        #expect(try CaptionFile.decode(bom, name: "a.txt") == "smile")
        #expect(CaptionEncoding(name: "SJIS") == .shiftJIS)
        #expect(CaptionEncoding(name: "ebcdic") == nil)
    }
}

/// A fresh directory removed when the value goes away.
final class TemporaryDirectory {
    let path: String

    init() throws {
        path = NSTemporaryDirectory() + "risa-tags-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    func write(_ relative: String, _ data: Data) throws {
        let full = path + "/" + relative
        try FileManager.default.createDirectory(
            atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try data.write(to: URL(fileURLWithPath: full))
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }
}

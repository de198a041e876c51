import Foundation
import Testing

@testable import RisaTags

@Suite struct KohyaFolderTests {
    @Test func parsesFolderNames() {
        #expect(KohyaFolder.parseName("10_sks woman")! == (10, "sks woman"))
        #expect(KohyaFolder.parseName("3_a_b")! == (3, "a_b"))
        #expect(KohyaFolder.parseName("images") == nil)
        #expect(KohyaFolder.parseName("0_x") == nil)
    }

    @Test func scansSubsetsAndReportsBadCaptions() throws {
        let root = try TemporaryDirectory()
        try root.write("10_sks woman/a.png", Data([0]))
        try root.write("10_sks woman/a.txt", Data("sks, smile".utf8))
        try root.write("10_sks woman/b.JPG", Data([0]))
        try root.write("10_sks woman/c.webp", Data([0]))
        try root.write("10_sks woman/c.txt", Data([0xFF, 0xFE, 0x41]))
        try root.write("10_sks woman/notes.md", Data("x".utf8))
        try root.write("raw/d.png", Data([0]))
        let scan = try KohyaFolder.scan(root: root.path)
        #expect(scan.skippedFolders == ["raw"])
        let subset = try #require(scan.subsets.first)
        #expect(subset.repeats == 10 && subset.classTokens == "sks woman")
        #expect(subset.items.map { ($0.imagePath as NSString).lastPathComponent } == ["a.png", "b.JPG", "c.webp"])
        #expect(subset.items[0].tags.map(\.name) == ["sks", "smile"])
        #expect(subset.items[1].captionPath == nil && subset.items[1].error == nil)
        let error = try #require(subset.items[2].error)
        #expect(error.code == .invalidEncoding && error.message.contains("c.txt"))
    }

    @Test func captionExtensionPreferenceAndEncoding() throws {
        let root = try TemporaryDirectory()
        try root.write("2_x/a.png", Data([0]))
        try root.write("2_x/a.caption", Data("from caption".utf8))
        try root.write("2_x/a.txt", Data("from txt".utf8))
        try root.write("2_x/b.png", Data([0]))
        try root.write("2_x/b.caption", Data([0x63, 0x61, 0x66, 0xE9]))
        let scan = try KohyaFolder.scan(root: root.path, captionExtensions: [".caption", ".txt"], encoding: .latin1)
        let items = try #require(scan.subsets.first?.items)
        #expect(items.map { $0.tags.map(\.name) } == [["from caption"], ["café"]])
        #expect(throws: TagsError.self) { try KohyaFolder.scan(root: root.path + "/missing") }
    }
}

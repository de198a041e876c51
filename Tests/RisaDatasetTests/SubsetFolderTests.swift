import Testing

@testable import RisaDataset

@Suite struct SubsetFolderTests {
    @Test func namesFolders() throws {
        #expect(try SubsetFolder.name(repeats: 10, token: "sks", className: "woman") == "10_sks woman")
        #expect(try SubsetFolder.name(repeats: 1, token: " sks ") == "1_sks")
    }

    @Test func refusesBadParts() {
        #expect(throws: DatasetError.self) { try SubsetFolder.name(repeats: 0, token: "sks") }
        #expect(throws: DatasetError(.invalidFolderName, "subset folder: the token is empty")) {
            try SubsetFolder.name(repeats: 2, token: "  ")
        }
        #expect(throws: DatasetError(.invalidFolderName, "subset folder: the class \"a/b\" contains /")) {
            try SubsetFolder.name(repeats: 2, token: "sks", className: "a/b")
        }
        #expect(throws: DatasetError.self) { try SubsetFolder.name(repeats: 2, token: "a\nb") }
    }
}

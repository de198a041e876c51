import Foundation
import RisaCore
import Testing

@Suite struct DigestTests {
    @Test func hashesKnownContent() {
        #expect(Digest(ofText: "abc").hex == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(
            Digest(ofText: "").description == "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }

    @Test func parsesItsOwnTextForm() {
        let digest = Digest(ofText: "risa")
        #expect(Digest(digest.description) == digest)
        #expect(Digest(hex: digest.hex.uppercased()) == digest)
        #expect(digest.short.count == 12)
    }

    @Test func refusesMalformedText() {
        #expect(Digest("sha1:abc") == nil)
        #expect(Digest(hex: "xyz") == nil)
        #expect(Digest(hex: String(repeating: "g", count: 64)) == nil)
    }

    @Test func codesAsItsTextForm() throws {
        let digest = Digest(ofText: "x")
        let data = try JSONEncoder().encode([digest])
        #expect(String(decoding: data, as: UTF8.self) == "[\"\(digest.description)\"]")
        #expect(try JSONDecoder().decode([Digest].self, from: data) == [digest])
    }
}

import Foundation
import Testing

extension EndToEnd {
    /// `risa lineage`: a published file traced back to the input it was made from.
    @Suite struct LineageCommandTests {
        @Test func tracesAPublishedFileToItsInputByPathAndDigest() async throws {
            let project = try TemporaryProject("lineage")
            defer { project.remove() }
            try project.write("data/a.txt", "alpha\n")
            try project.write("data/b.txt", "beta\n")
            try project.write(
                "p.yaml",
                """
                steps:
                  upper:
                    uses: files.map
                    with: {files: data/, run: tr a-z A-Z < "$IN" > "$OUT"}
                """)
            #expect(try await project.risa("run", "p.yaml").status == 0)
            let traced = try await project.risa("lineage", "out/p/upper/files/b.txt")
            #expect(traced.status == 0, "\(traced.stderr)")
            #expect(traced.stdout.contains("1. upper (files.map) files/b.txt <- b.txt ("), "\(traced.stdout)")

            let json = try await project.risa("lineage", "out/p/upper/files/b.txt", "--json")
            let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
            let links = try #require(object["links"] as? [[String: Any]])
            #expect(links.first?["input_name"] as? String == "b.txt")

            let unknown = try await project.risa("lineage", "sha256:" + String(repeating: "0", count: 64))
            #expect(unknown.status == 1)
            #expect(unknown.stderr.contains("no recent run made sha256:0000"), "\(unknown.stderr)")
            let bad = try await project.risa("lineage", "nothing-here.png")
            #expect(bad.status == 2)
            #expect(bad.stderr.contains("'nothing-here.png' is neither a file nor a digest"), "\(bad.stderr)")
        }
    }
}

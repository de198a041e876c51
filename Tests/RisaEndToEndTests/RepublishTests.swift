import Foundation
import Testing

extension EndToEnd {
    /// Publishing outputs that are already in place, as after a run killed between publishing a step
    /// and noting it in `.risa-published.json`, leaves `out/` exactly as a clean run does.
    @Suite struct RepublishTests {
        static let pipeline = """
            name: again
            steps:
              file:
                uses: shell
                with:
                  run: echo one > "$OUT/one.txt"
                  outputs: {one: one.txt}
              folder:
                uses: shell
                with:
                  run: mkdir "$OUT/d" && echo a > "$OUT/d/a.txt" && echo b > "$OUT/d/b.txt"
                  outputs: {d: d/}
              each:
                uses: shell
                foreach: [1, 2]
                with:
                  run: echo ${{ item }} > "$OUT/e.txt"
                  outputs: {e: e.txt}
            """

        @Test func republishingOverIdenticalOutputsLeavesNoStagingFiles() async throws {
            let project = try TemporaryProject("republish")
            defer { project.remove() }
            try project.write("p.yaml", Self.pipeline)
            let first = try await project.risa("run", "p.yaml")
            try #require(first.status == 0, "\(first.stderr)")
            let published = try project.files(under: "out")
            // one.txt, d/a.txt, d/b.txt, the folder's marker, and e.txt of each element: file outputs
            // are recognised by their link to the blob, so only folders keep a marker.
            #expect(published.count == 6)

            // What a kill after publishing but before noting it leaves behind.
            try FileManager.default.removeItem(
                at: project.root.appendingPathComponent("out/again/folder/.risa-published.json"))
            let second = try await project.risa("run", "p.yaml", "--json")
            #expect(second.status == 0, "\(second.stderr)")
            #expect(try RunJSON(second.stdout).statuses == ["file": "cached", "folder": "cached", "each": "cached"])
            let after = try project.files(under: "out")
            #expect(after == published, "left over: \(Set(after.keys).subtracting(published.keys).sorted())")
        }
    }
}

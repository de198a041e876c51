import Foundation
import Testing

extension EndToEnd {
    /// A finished `risa run` leaves nothing in the store's `tmp/`, although it leaves its big
    /// structures to process exit.
    @Suite struct StoreTidinessTests {
        @Test func aRunLeavesNoWorkFoldersInTheStore() async throws {
            let project = try TemporaryProject("tidy")
            defer { project.remove() }
            var pipeline = "name: tidy\nsteps:\n"
            for index in 0..<6 {
                pipeline += "  s\(index):\n    uses: text.write\n    with: {text: \"note \(index)\"}\n"
            }
            try project.write("p.yaml", pipeline)
            let run = try await project.risa("run", "p.yaml")
            #expect(run.status == 0, "\(run.stderr)")
            let leftovers = try FileManager.default.contentsOfDirectory(
                atPath: project.root.appendingPathComponent(".risa/store/tmp").path)
            #expect(leftovers.isEmpty, "\(leftovers)")
        }
    }
}

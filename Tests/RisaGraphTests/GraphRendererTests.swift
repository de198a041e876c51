import RisaGraph
import Testing

@Suite struct GraphRendererTests {
    private func graph() throws -> StepGraph {
        let text =
            "name: demo\nsteps:\n" + shellStep("a") + shellStep("b", reads: ["x": "${{ steps.a.outputs.out }}"])
            + shellStep("c", needs: ["a"])
        return try #require(buildGraph(["p.yaml": text]).0)
    }

    @Test func drawsDotWithDashedNeeds() throws {
        let dot = GraphRenderer.render(try graph(), format: .dot)
        #expect(dot.hasPrefix("digraph \"demo\" {"))
        #expect(dot.contains("\"a\" -> \"b\";"))
        #expect(dot.contains("\"a\" -> \"c\" [style=dashed];"))
    }

    @Test func drawsMermaid() throws {
        let mermaid = GraphRenderer.render(try graph(), format: .mermaid)
        #expect(mermaid.hasPrefix("flowchart LR\n"))
        #expect(mermaid.contains("n0 --> n1"))
        #expect(mermaid.contains("n0 -.-> n2"))
    }

    @Test func drawsIndentedText() throws {
        #expect(GraphRenderer.render(try graph(), format: .text) == "a (shell)\n  b (shell) <- a\n  c (shell) <- a\n")
    }
}

import RisaGraph
import Testing

@Suite struct GraphBuilderTests {
    @Test func ordersStepsAfterTheirDependenciesKeepingDeclarationOrder() throws {
        let text =
            "steps:\n" + shellStep("c", reads: ["x": "${{ steps.b.outputs.out }}"]) + shellStep("a")
            + shellStep("b", reads: ["x": "${{ steps.a.outputs.out }}"]) + shellStep("d")
        let (graph, problems) = buildGraph(["p.yaml": text])
        #expect(problems.isEmpty)
        let order = try #require(graph).nodes.map(\.id)
        #expect(order == ["a", "b", "c", "d"] || order == ["a", "d", "b", "c"])
        #expect(order.firstIndex(of: "a")! < order.firstIndex(of: "b")!)
        #expect(order.firstIndex(of: "b")! < order.firstIndex(of: "c")!)
    }

    @Test func needsAreOrderingEdgesWithoutData() throws {
        let text = "steps:\n" + shellStep("a") + shellStep("b", needs: ["a"])
        let graph = try #require(buildGraph(["p.yaml": text]).0)
        let b = try #require(graph.node("b"))
        #expect(b.dependencies == ["a"])
        #expect(b.dataDependencies.isEmpty)
    }

    @Test func reportsACycleWithItsPath() {
        let text =
            "steps:\n" + shellStep("a", reads: ["x": "${{ steps.c.outputs.out }}"])
            + shellStep("b", reads: ["x": "${{ steps.a.outputs.out }}"]) + shellStep("c", needs: ["b"])
            + shellStep("free")
        let (graph, problems) = buildGraph(["p.yaml": text])
        #expect(graph == nil)
        #expect(problems == ["p.yaml:2:3: error: steps.a: dependency cycle: a -> b -> c -> a"])
    }

    @Test func expandsRecipesIntoPrefixedSteps() throws {
        let files = [
            "p.yaml": "steps:\n" + shellStep("src")
                + "  prep:\n    uses: ./recipes/prep.yaml\n    with: {source: \"${{ steps.src.outputs.out }}\"}\n"
                + shellStep("use", reads: ["x": "${{ steps.prep.outputs.result }}"]),
            "recipes/prep.yaml": """
            params:
              source: {type: file, required: true}
            steps:
              one:
                uses: shell
                with:
                  inputs: {s: "${{ params.source }}"}
                  run: cp "$IN_s" "$OUT/r"
                  outputs: {r: r}
              two:
                uses: shell
                with:
                  inputs: {r: "${{ steps.one.outputs.r }}"}
                  run: cp "$IN_r" "$OUT/r"
                  outputs: {r: r}
            outputs:
              result: ${{ steps.two.outputs.r }}
            """,
        ]
        let (graph, problems) = buildGraph(files)
        #expect(problems.isEmpty)
        let built = try #require(graph)
        #expect(built.nodes.map(\.id) == ["src", "prep/one", "prep/two", "use"])
        #expect(built.node("prep/one")?.dataDependencies == ["src"])
        #expect(built.node("prep/two")?.dataDependencies == ["prep/one"])
        #expect(built.node("use")?.dataDependencies == ["prep/two"])
    }

    @Test func descendantsAndAncestorsFollowEdges() throws {
        let text =
            "steps:\n" + shellStep("a") + shellStep("b", reads: ["x": "${{ steps.a.outputs.out }}"])
            + shellStep("c", needs: ["b"]) + shellStep("d")
        let graph = try #require(buildGraph(["p.yaml": text]).0)
        #expect(graph.descendants(of: ["b"]) == ["b", "c"])
        #expect(graph.ancestors(of: ["c"]) == ["a", "b", "c"])
    }

    @Test func buildsLargeChainAndFanGraphs() throws {
        var text = "steps:\n" + shellStep("s0")
        for index in 1..<2000 {
            let parent = index % 10 == 0 ? index - 10 : index - 1
            text += shellStep("s\(index)", reads: ["x": "${{ steps.s\(parent).outputs.out }}"])
        }
        let graph = try #require(buildGraph(["p.yaml": text]).0)
        #expect(graph.nodes.count == 2000)
        var position: [String: Int] = [:]
        for (index, node) in graph.nodes.enumerated() { position[node.id] = index }
        for node in graph.nodes {
            for dependency in node.dependencies { #expect(position[dependency]! < position[node.id]!) }
        }
    }
}

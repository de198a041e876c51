import RisaCore
import RisaGraph
import RisaModel
import RisaSteps
import Testing

@Suite struct PlannerTests {
    private let files = [
        "p.yaml": """
        params:
          size: {type: int, default: 512}
          name: {type: string, required: true}
          wait: {type: duration, default: 1m}
        steps:
          make:
            uses: shell
            timeout: 10m
            with:
              run: echo ${{ params.name }}-${{ params.size }} > "$OUT/o"
              env: {TOKEN: "${{ secrets.API_TOKEN }}", HOME_DIR: "${{ env.HOME }}"}
              outputs: {o: o}
          use:
            uses: shell
            with:
              inputs: {o: "${{ steps.make.outputs.o }}"}
              run: cat "$IN_o"
        """
    ]

    @Test func resolvesParamsAndKeepsUnknownOutputsAsWritten() throws {
        let graph = try #require(buildGraph(files).0)
        let plan = try Planner.plan(
            graph, catalog: BuiltinSteps.catalog, params: ["size": .int(768), "name": .string("cat")],
            environment: { $0 == "HOME" ? "/root" : nil }, secrets: { _ in "s3cr3t" })
        #expect(plan.steps.map(\.id) == ["make", "use"])
        let make = plan.steps[0]
        #expect(make.arguments["run"] == .string("echo cat-768 > \"$OUT/o\""))
        #expect(make.arguments["env"] == .map(["TOKEN": .string("***"), "HOME_DIR": .string("/root")]))
        #expect(make.arguments["inputs"] == .map([:]))
        let use = plan.steps[1]
        #expect(use.arguments["inputs"] == .map(["o": .string("${{ steps.make.outputs.o }}")]))
        #expect(use.dependencies == ["make"])
    }

    @Test func resolvesParamsFromOverridesAndReportsMissingRequiredOnes() throws {
        let (bundle, _) = PipelineLoader(reader: MemoryReader(files: files)).load("p.yaml")
        let resolver = ParamResolver(pipeline: try #require(bundle).main)
        let (values, problems) = resolver.resolve(overrides: [
            try #require(ParamResolver.Override("size=1024", position: 1)),
            try #require(ParamResolver.Override("wait=90s", position: 2)),
        ])
        #expect(values["size"] == .int(1024))
        #expect(values["wait"] == .number(90))
        #expect(
            problems.map(\.description) == [
                "p.yaml:3:3: error: params.name: required param 'name' (string) has no value; pass -p name=VALUE"
            ])
        let (_, bad) = resolver.resolve(overrides: [
            try #require(ParamResolver.Override("size=big", position: 1)),
            try #require(ParamResolver.Override("nmae=x", position: 2)),
        ])
        #expect(
            bad.map(\.description).prefix(2) == [
                "<command line>:1:1: error: params.size: expected int, got string \"big\"",
                "<command line>:1:2: error: -p nmae: 'p' has no param 'nmae' (did you mean 'name'?)",
            ])
    }

    /// Large plans are made in chunks on every core; the steps keep the graph's order.
    @Test func aLargePlanKeepsTheGraphOrder() throws {
        var text = "params:\n  n: {type: int, default: 3}\nsteps:\n"
        for index in 0..<4_500 {
            text +=
                index == 0
                ? shellStep("s0") : shellStep("s\(index)", reads: ["i": "${{ steps.s\(index - 1).outputs.out }}"])
        }
        let graph = try #require(buildGraph(["p.yaml": text]).0)
        let plan = try Planner.plan(graph, catalog: BuiltinSteps.catalog, params: ["n": .int(3)])
        #expect(plan.steps.map(\.id) == graph.nodes.map(\.id))
        #expect(plan.steps.map(\.id) == (0..<4_500).map { "s\($0)" })
        #expect(plan.steps[4_499].arguments["run"] == .string("echo s4499 > \"$OUT/out.txt\""))
        #expect(plan.steps[4_499].dependencies == ["s4498"])
    }
}

import RisaModel
import RisaSteps
import Testing

/// Golden tests: the exact text of the errors users see.
@Suite struct ValidatorGoldenTests {
    @Test func reportsEveryProblemInOnePass() {
        let pipeline = """
            name: demo
            params:
              size: {type: int, default: 512}
              mode: {type: enum, values: [fast, slow], default: fast}
            steps:
              copy:
                uses: shell
                with:
                  run: cp -r "$IN_data/." "$OUT/copied/"
                  inputs: {data: data/}
                  outputs: {copied: copied/}
              resize:
                uess: shell
              crop:
                uses: shel
              count:
                uses: shell
                wiht: {}
              list:
                uses: shell
                needs: [copi]
                with:
                  run: ls ${{ steps.copy.outputs.copid }} ${{ params.sise }}
                  timeout: 3
              bad:
                uses: shell
                with:
                  run: echo ${{ params.size = 1 }}
                  env: {A: [1, 2]}
            """
        #expect(
            diagnostics(of: ["p.yaml": pipeline]) == [
                "p.yaml:12:3: error: steps.resize.uses: a step needs 'uses' (a step type such as 'shell', or a recipe file)",
                "p.yaml:13:5: error: steps.resize.uess: unknown key 'uess' (did you mean 'uses'?)",
                "p.yaml:15:11: error: steps.crop.uses: unknown step type 'shel' (did you mean 'shell'?)",
                "p.yaml:16:3: error: steps.count.with.run: missing required argument 'run' (string) of step type 'shell'",
                "p.yaml:18:5: error: steps.count.wiht: unknown key 'wiht' (did you mean 'with'?)",
                "p.yaml:21:13: error: steps.list.needs: unknown step 'copi' (did you mean 'copy'?)",
                "p.yaml:23:19: error: steps.list.with.run: step 'copy' has no output 'copid' (did you mean 'copied'?)",
                "p.yaml:23:51: error: steps.list.with.run: unknown param 'sise' (did you mean 'size'?)",
                "p.yaml:24:7: error: steps.list.with.timeout: step type 'shell' has no argument 'timeout'",
                "p.yaml:28:33: error: steps.bad.with.run: invalid expression: unexpected '='; use '==' to compare",
                "p.yaml:29:16: error: steps.bad.with.env.A: expected string, got a list",
            ])
    }

    @Test func reportsTypeMismatchesWithTheValueGiven() {
        let files = [
            "p.yaml": """
            params:
              n: {type: int, default: big}
              flag: {type: bool, default: "yes"}
              when: {type: duration, default: soon}
              kind: {type: enum, values: [a, b], default: c}
              items: {type: list, of: int, default: [1, two]}
              weird: {type: integr}
            steps:
              s:
                uses: shell
                with:
                  run: 42
                  env: {SIZE: "${{ params.n > 3 }}"}
            """
        ]
        #expect(
            diagnostics(of: files) == [
                "p.yaml:2:27: error: params.n.default: expected int, got string \"big\"",
                "p.yaml:3:31: error: params.flag.default: expected bool, got string \"yes\"",
                "p.yaml:4:35: error: params.when.default: expected duration, got string \"soon\"",
                "p.yaml:5:47: error: params.kind.default: expected enum(a|b), got string \"c\"",
                "p.yaml:6:45: error: params.items.default[1]: expected int, got string \"two\"",
                "p.yaml:7:17: error: params.weird.type: unknown type 'integr' (did you mean 'int'?)",
                "p.yaml:13:19: error: steps.s.with.env.SIZE: expected string, but the expression gives bool",
            ])
    }

    @Test func checksRecipesAndTheirArguments() {
        let files = [
            "p.yaml": """
            steps:
              prep:
                uses: ./recipes/prep.yaml
                with: {size: 512, colour: red}
              after:
                uses: shell
                with:
                  run: ls ${{ steps.prep.outputs.result }} ${{ steps.prep.outputs.nothing }}
              missing:
                uses: ./recipes/none.yaml
            """,
            "recipes/prep.yaml": """
            params:
              size: {type: int, required: true}
              mode: {type: string, required: true}
            steps:
              work:
                uses: shell
                with:
                  run: echo ${{ params.size }} > "$OUT/r.txt"
                  outputs: {r: r.txt}
            outputs:
              result: ${{ steps.work.outputs.r }}
            """,
        ]
        #expect(
            diagnostics(of: files) == [
                "p.yaml:2:3: error: steps.prep.with.mode: missing required argument 'mode' (string) of recipe './recipes/prep.yaml'",
                "p.yaml:4:23: error: steps.prep.with.colour: recipe './recipes/prep.yaml' has no argument 'colour'",
                "p.yaml:8:52: error: steps.after.with.run: step 'prep' has no output 'nothing' (its outputs: result)",
                "p.yaml:10:11: error: cannot read './recipes/none.yaml': no such file",
            ])
    }

    @Test func refusesRecipeCycles() {
        let files = [
            "p.yaml": "steps:\n  a:\n    uses: ./recipes/a.yaml\n",
            "recipes/a.yaml": "steps:\n  b:\n    uses: ./recipes/b.yaml\n",
            "recipes/b.yaml": "steps:\n  a:\n    uses: ./recipes/a.yaml\n",
        ]
        #expect(
            diagnostics(of: files) == [
                "recipes/b.yaml:3:11: error: steps.a.uses: recipe cycle: p.yaml -> recipes/a.yaml -> recipes/b.yaml -> recipes/a.yaml"
            ])
    }

    @Test func mergesIncludesAndReportsClashes() {
        let files = [
            "p.yaml":
                "include: [recipes/common.yaml]\nparams:\n  size: 3\nsteps:\n  a:\n    uses: shell\n    with: {run: \"echo ${{ params.tag }}\"}\n",
            "recipes/common.yaml":
                "params:\n  tag: x\n  size: 4\nsteps:\n  a:\n    uses: shell\n    with: {run: echo}\n",
        ]
        #expect(
            diagnostics(of: files) == [
                "p.yaml:3:3: error: params.size: param 'size' is also declared in included recipes/common.yaml:3:3",
                "p.yaml:5:3: error: steps.a: step 'a' is also declared in included recipes/common.yaml:5:3",
            ])
    }

    @Test func foreachBindsItemWithTheElementType() {
        let files = [
            "p.yaml": """
            params:
              sizes: {type: list, of: int, default: [256, 512]}
              one: 3
            steps:
              each:
                uses: shell
                foreach: ${{ params.sizes }}
                with: {run: "echo ${{ item }}"}
              wrong:
                uses: shell
                foreach: ${{ params.one }}
                with: {run: "echo ${{ item }}"}
              outside:
                uses: shell
                with: {run: "echo ${{ item }}"}
            """
        ]
        #expect(
            diagnostics(of: files) == [
                "p.yaml:11:14: error: steps.wrong.foreach: foreach needs a list, but the expression gives int",
                "p.yaml:15:27: error: steps.outside.with.run: 'item' is only defined in a step with 'foreach'",
            ])
    }

    @Test func validPipelinesHaveNoDiagnostics() {
        let files = [
            "p.yaml": """
            name: ok
            params:
              msg: {type: string, default: hello, description: what to print}
            steps:
              write:
                uses: shell
                retry: {attempts: 3, backoff: 2s}
                timeout: 10m
                resources: {cpu: 2, memory: 1G}
                on_error: fail
                with:
                  run: echo "${{ params.msg }}" > "$OUT/msg.txt"
                  outputs: {msg: msg.txt}
              read:
                uses: shell
                if: ${{ params.msg != '' }}
                with:
                  inputs: {msg: "${{ steps.write.outputs.msg }}"}
                  run: cat "$IN_msg"
            """
        ]
        #expect(diagnostics(of: files) == [])
    }

    /// Large pipelines are checked in chunks on every core; the diagnostics still come in the
    /// steps' order, every one of them.
    @Test func aLargePipelineReportsEveryProblemInStepOrder() {
        var text = "name: big\nsteps:\n"
        let broken = [7, 1_999, 2_000, 4_321, 4_999]
        for index in 0..<5_000 {
            let value = broken.contains(index) ? "{run: [1]}" : "{run: echo \(index)}"
            text += "  s\(index):\n    uses: shell\n    with: \(value)\n"
        }
        let (bundle, problems) = PipelineLoader(reader: InMemoryReader(files: ["p.yaml": text])).load("p.yaml")
        #expect(problems.isEmpty)
        guard let bundle else { return }
        let found = PipelineValidator(catalog: BuiltinSteps.catalog).validate(bundle)
        #expect(found.map(\.path) == broken.map { "steps.s\($0).with.run" })
        #expect(found.map(\.location.line) == broken.map { 3 + 3 * $0 + 2 })
    }
}

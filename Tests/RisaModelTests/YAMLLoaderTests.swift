import RisaModel
import Testing

@Suite struct YAMLLoaderTests {
    private func load(_ text: String, limits: YAMLLoader.Limits = .init()) -> YAMLLoader.Result {
        YAMLLoader(limits: limits).load(text, file: "p.yaml")
    }

    @Test func keepsPositionsOfKeysAndValues() throws {
        let result = load("name: demo\nsteps:\n  crop:\n    uses: image.transform\n")
        let root = try #require(result.root)
        #expect(result.diagnostics.isEmpty)
        let crop = try #require(root["steps"]?.value["crop"])
        #expect(crop.keyLocation.line == 3 && crop.keyLocation.column == 3)
        let uses = try #require(crop.value["uses"])
        #expect(uses.value.location == SourceLocation(file: "p.yaml", line: 4, column: 11))
    }

    @Test func resolvesScalarsWithTheCoreSchema() throws {
        let root = try #require(load("a: 12\nb: '12'\nc: 1.5\nd: yes\ne: true\nf: ~\ng: 0x1f\nh: 1e3\n").root)
        #expect(root["a"]?.value.scalar?.resolved == .int(12))
        #expect(root["b"]?.value.scalar?.resolved == .string("12"))
        #expect(root["c"]?.value.scalar?.resolved == .number(1.5))
        #expect(root["d"]?.value.scalar?.resolved == .string("yes"))
        #expect(root["e"]?.value.scalar?.resolved == .bool(true))
        #expect(root["f"]?.value.scalar?.resolved == .null)
        #expect(root["g"]?.value.scalar?.resolved == .int(31))
        #expect(root["h"]?.value.scalar?.resolved == .number(1000))
    }

    @Test func reportsEveryDuplicateKeyWithBothPositions() {
        let result = load("a: 1\nb: 2\na: 3\nb: 4\n")
        #expect(
            result.diagnostics.map(\.description) == [
                "p.yaml:3:1: error: a: duplicate key 'a' (first defined at line 1, column 1)",
                "p.yaml:4:1: error: b: duplicate key 'b' (first defined at line 2, column 1)",
            ])
    }

    @Test func reportsSyntaxErrorsWithPosition() throws {
        let result = load("steps:\n  a: [1, 2\n  b: 3\n")
        let diagnostic = try #require(result.diagnostics.first)
        #expect(diagnostic.message.hasPrefix("YAML syntax error"))
        #expect(diagnostic.location.line == 3)
        #expect(result.root == nil)
    }

    @Test func refusesAliasBombsWithinTheNodeLimit() {
        var text = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
        for level in 1...12 {
            let refs = Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", ")
            text += "a\(level): &a\(level) [\(refs)]\n"
        }
        let result = load(text)
        #expect(result.root == nil)
        #expect(result.diagnostics.first?.message.contains("alias bomb") == true)
    }

    @Test func sharesAliasesWithinLimits() throws {
        let root = try #require(load("base: &b {uses: shell}\ncopy: *b\n").root)
        #expect(root["copy"]?.value["uses"]?.value.scalar?.text == "shell")
    }

    @Test func appliesMergeKeysWithoutOverridingExplicitKeys() throws {
        let root = try #require(load("d: &d {retry: 3, timeout: 10s}\ns:\n  <<: *d\n  timeout: 1m\n").root)
        let step = try #require(root["s"]?.value)
        #expect(step["retry"]?.value.scalar?.resolved == .int(3))
        #expect(step["timeout"]?.value.scalar?.text == "1m")
    }

    @Test func refusesHugeDocumentsBeforeParsing() {
        let result = load(String(repeating: "a", count: 2048), limits: .init(maxBytes: 1024))
        #expect(result.root == nil)
        #expect(result.diagnostics.first?.message.contains("limit is 1024 bytes") == true)
    }

    @Test func refusesDeepNesting() {
        let result = load(String(repeating: "[", count: 300) + String(repeating: "]", count: 300))
        #expect(result.diagnostics.first?.message.contains("deeper than 256") == true)
    }

    @Test func reportsUnknownAliases() {
        let result = load("a: *nothing\n")
        #expect(result.diagnostics.contains { $0.message.contains("nothing") })
    }
}

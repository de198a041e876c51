import Foundation
import RisaGraph
import RisaModel
import RisaSteps
import Testing

/// The repository's own pipelines, recipes and schema are checked like user files.
@Suite struct ProjectFilesTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static func yamlFiles(in folder: String) -> [String] {
        let url = root.appendingPathComponent(folder)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []
        return names.filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted().map { "\(folder)/\($0)" }
    }

    @Test(arguments: yamlFiles(in: "pipelines") + yamlFiles(in: "recipes"))
    func everyProjectFileValidates(_ path: String) {
        let (bundle, problems) = PipelineLoader(reader: FileSystemSourceReader(root: Self.root)).load(path)
        var diagnostics = problems
        if let bundle {
            diagnostics += PipelineValidator(catalog: BuiltinSteps.catalog).validate(bundle)
            if !diagnostics.hasErrors { diagnostics += GraphBuilder.build(bundle).1 }
        }
        #expect(bundle != nil)
        #expect(diagnostics.map(\.description) == [])
    }

    @Test func thereAreExamplePipelines() {
        #expect(Self.yamlFiles(in: "pipelines").contains("pipelines/demo.yaml"))
    }

    @Test func examplePipelinesNameTheSchema() throws {
        for path in Self.yamlFiles(in: "pipelines") + Self.yamlFiles(in: "recipes") {
            let text = try String(contentsOf: Self.root.appendingPathComponent(path), encoding: .utf8)
            #expect(text.hasPrefix("# yaml-language-server: $schema=../schemas/pipeline.schema.json\n"), "\(path)")
        }
    }

    @Test func committedSchemaMatchesTheRegistry() throws {
        let committed = try String(
            contentsOf: Self.root.appendingPathComponent("schemas/pipeline.schema.json"), encoding: .utf8)
        let generated = PipelineSchema.generate(catalog: BuiltinSteps.catalog)
        #expect(
            committed == generated,
            "schemas/pipeline.schema.json is stale: run `swift run risa schema > schemas/pipeline.schema.json`")
    }
}

/// The README's step reference is the registry's documentation.
@Suite struct ReadmeTests {
    @Test func stepReferenceMatchesTheRegistry() throws {
        let readme = try String(contentsOf: ProjectFilesTests.root.appendingPathComponent("README.md"), encoding: .utf8)
        let begin = try #require(readme.range(of: "<!-- steps:begin -->\n"))
        let end = try #require(readme.range(of: "<!-- steps:end -->"))
        let section = String(readme[begin.upperBound..<end.lowerBound])
        #expect(
            section == StepDocumentation.markdown(BuiltinSteps.catalog),
            "README.md's step reference is stale: paste the output of `risa steps markdown` between the markers")
    }
}

import Foundation
import RisaCore
import Testing

/// The repository's `pipelines/dataset.yaml` end to end: media.import (with a sidecar) ->
/// video.frames -> images.merge -> image.transform -> image.filter -> tagger.run (real worker, test
/// model) -> tags.map (default recipe) -> caption.write -> dataset.build -> archive.zip,
/// byte-identical across two fresh stores.
@Suite struct DatasetPipelineTests {
    /// A project holding the repository's dataset pipeline and default recipe, the test tagger in
    /// models/test-tagger/ and some of its images in media/images/ (one with a sidecar).
    static func makeProject() async throws -> Project {
        let project = try Project()
        let repository = TaggerRunTests.repository
        try project.write(
            "pipeline.yaml",
            try String(contentsOf: repository.appendingPathComponent("pipelines/dataset.yaml"), encoding: .utf8))
        try project.write(
            "recipes/tags/default.yaml",
            try String(contentsOf: repository.appendingPathComponent("recipes/tags/default.yaml"), encoding: .utf8))
        try await TaggerRunTests.makeTagger(in: project)
        try FileManager.default.createDirectory(at: project.url("models"), withIntermediateDirectories: true)
        try FileManager.default.moveItem(at: project.url("model"), to: project.url("models/test-tagger"))
        try FileManager.default.createDirectory(at: project.url("media/images"), withIntermediateDirectories: true)
        for name in ["red.png", "cyan.png", "green.png", "black.png", "blue.jpg"] {
            try FileManager.default.copyItem(at: project.url("all/" + name), to: project.url("media/images/" + name))
        }
        try project.write("media/images/red.txt", "red_dress, highres\n")
        return project
    }

    /// The test images are 32 pixels wide.
    static let params: [String: Value] = ["min_size": .int(16)]

    @Test func theDatasetPipelineIsDeterministicAcrossStores() async throws {
        let first = try await Self.makeProject()
        defer { first.remove() }
        let pipeline = try first.read("pipeline.yaml")
        let summary = try await first.run(pipeline, params: Self.params)
        #expect(summary.status == "succeeded", "\(summary.steps.compactMap(\.error))")
        let root = try #require(summary.step("dataset")?.outputs["dataset"]?.first?.path) + "/"
        func read(_ path: String) throws -> String { try String(contentsOfFile: root + path, encoding: .utf8) }
        let red = try read("10_sks person/images_red.txt")
        #expect(red == "sks ||| red theme, simple background, solo, ^_^, red dress\n", "\(red)")
        let cyan = try read("10_sks person/images_cyan.txt")
        #expect(cyan.hasPrefix("sks, hatsune miku ||| "), "\(cyan)")
        let zip = try #require(summary.step("zip")?.outputs["archive"]?.first?.digest)
        let listing = try await DatasetBuildTests.python(
            "import sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); assert z.testzip() is None; "
                + "print('\\n'.join(z.namelist()))",
            [try #require(summary.step("zip")?.outputs["archive"]?.first?.path)])
        #expect(listing.contains("10_sks person/images_red.png\n10_sks person/images_red.txt\n"), "\(listing)")
        #expect(listing.contains("dataset_config.toml") && listing.contains("manifest.json"))

        let second = try await Self.makeProject()
        defer { second.remove() }
        let again = try await second.run(pipeline, params: Self.params)
        #expect(again.step("zip")?.outputs["archive"]?.first?.digest == zip)
        let third = try await second.run(pipeline, params: Self.params)
        // video.frames has no videos here: "skipped (no items)".
        #expect(
            third.steps.allSatisfy { $0.status == "cached" || $0.id == "frames" },
            "\(third.steps.map { "\($0.id) \($0.status) \($0.reason)" })")
    }
}

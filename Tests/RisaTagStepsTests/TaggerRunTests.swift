import Foundation
import RisaCore
import RisaSteps
import RisaTags
import RisaWorker
import Testing

/// `tagger.run` with the real WD14 worker on the test model (built at test time with the workers'
/// Python), and with a custom worker. Serialized: each test starts Python and onnxruntime.
@Suite(.serialized) struct TaggerRunTests {
    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Builds the test tagger (input side `size`) into `model/` and its images into `media/`.
    static func makeTagger(in project: Project, size: Int = 32, images: Bool = true) async throws {
        let python = WorkerConfiguration.defaultPython()
        try #require(
            FileManager.default.isExecutableFile(atPath: python),
            "the workers' Python environment is missing (\(python)): run scripts/setup.sh")
        var arguments = [
            repository.appendingPathComponent("workers/make_test_tagger.py").path,
            "--out", project.url("model").path, "--size", String(size),
        ]
        if images { arguments += ["--images", project.url("all").path] }
        _ = try await ChildProcess.output(python, arguments)
    }

    static func pipeline(threshold: Double) -> String {
        """
        steps:
          imported:
            uses: tags.import
            with: {images: media/}
          tagged:
            uses: tagger.run
            with:
              images: ${{ steps.imported.outputs.images }}
              model: model/
              general_threshold: \(threshold)
              batch_size: 4
        """
    }

    @Test func tagsMergeWithSidecarsAndAreCachedPerItemByModelAndThresholds() async throws {
        let project = try Project()
        defer { project.remove() }
        try await Self.makeTagger(in: project)
        for name in ["red.png", "cyan.png"] {
            try FileManager.default.createDirectory(at: project.url("media"), withIntermediateDirectories: true)
            try FileManager.default.copyItem(at: project.url("all/" + name), to: project.url("media/" + name))
        }
        try project.write("media/red.txt", "my tag, red_theme\n")

        let first = try await project.run(Self.pipeline(threshold: 0.35))
        #expect(first.status == "succeeded", "\(first.step("tagged")?.error ?? "")")
        let items = try project.items(first, "tagged")
        let red = try TagMetadata.tags(in: try #require(items["red.png"]).metadata)
        #expect(red.map(\.name) == ["my tag", "red_theme", "simple_background", "solo", "^_^", "questionable"])
        #expect(red[0].source == "sidecar:txt")
        #expect(red[2].source == "tagger:model")
        #expect(red.last?.category == .rating)
        let cyan = try TagMetadata.tags(in: try #require(items["cyan.png"]).metadata)
        #expect(cyan.contains { $0.name == "hatsune_miku" && $0.category == .character })
        let tagger = try #require(items["red.png"]?.metadata["tagger"])
        #expect(tagger["name"] == .string("model"))
        #expect(tagger["digest"]?.stringValue?.hasPrefix("sha256:") == true)
        #expect(first.counts("tagged")?.ran == 2)

        #expect(try await project.run(Self.pipeline(threshold: 0.35)).step("tagged")?.status == "cached")

        let stricter = try await project.run(Self.pipeline(threshold: 0.45))
        #expect(stricter.counts("tagged")?.ran == 2)
        #expect(
            try project.tagNames(try project.items(stricter, "tagged")["red.png"])
                == ["my tag", "red_theme", "simple_background", "questionable"])

        try FileManager.default.copyItem(at: project.url("all/green.png"), to: project.url("media/green.png"))
        let added = try await project.run(Self.pipeline(threshold: 0.45))
        #expect(added.counts("tagged")?.ran == 1)
        #expect(added.counts("tagged")?.cached == 2)

        try await Self.makeTagger(in: project, size: 48, images: false)
        let newModel = try await project.run(Self.pipeline(threshold: 0.45))
        #expect(newModel.counts("tagged")?.ran == 3)
        let newDigest = try project.items(newModel, "tagged")["red.png"]?.metadata["tagger"]?["digest"]
        #expect(newDigest != tagger["digest"])
    }

    @Test func aCustomWorkerCaptionsAndItsDigestIsRecorded() async throws {
        let project = try Project()
        defer { project.remove() }
        try project.write("media/a.png", bytes: TestImages.png(width: 4, height: 4))
        try project.write(
            "worker.py",
            """
            import json, sys
            print(json.dumps({"type": "hello", "protocol": 1, "worker": "captioner",
                              "model": {"name": "toy-captioner", "digest": "sha256:" + "ab" * 32}}), flush=True)
            for line in sys.stdin:
                request = json.loads(line)
                prompt = request.get("options", {}).get("prompt", "")
                result = {"tags": [{"name": "toy", "category": "general", "score": 0.9}],
                          "caption": prompt + "a tiny red square"}
                print(json.dumps({"id": request["id"], "ok": True, "result": result}), flush=True)
            """)
        let summary = try await project.run(
            """
            steps:
              tagged:
                uses: tagger.run
                with:
                  images: media/
                  tagger: {command: [python3, worker.py]}
                  options: {prompt: "photo: "}
            """)
        #expect(summary.status == "succeeded", "\(summary.step("tagged")?.error ?? "")")
        let item = try #require(try project.items(summary, "tagged")["a.png"])
        let tags = try TagMetadata.tags(in: item.metadata)
        #expect(tags.map(\.name) == ["toy", "photo: a tiny red square"])
        #expect(tags.last?.category == .description)
        #expect(
            item.metadata["tagger"]
                == .map([
                    "name": .string("toy-captioner"), "digest": .string("sha256:" + String(repeating: "ab", count: 32)),
                ]))
    }

    @Test func aModelFolderWithoutTheTagTableIsRefusedByName() async throws {
        let project = try Project()
        defer { project.remove() }
        try project.write("media/a.png", bytes: TestImages.png(width: 4, height: 4))
        try project.write("model/model.onnx", "not really")
        let summary = try await project.run(
            "steps:\n  tagged:\n    uses: tagger.run\n    with: {images: media/, model: model/}\n")
        let error = summary.step("tagged")?.error ?? ""
        #expect(error.contains("steps.tagged.with.model: model has no selected_tags.csv"), "\(error)")
    }

    @Test func thePinnedOnnxruntimeIsTheOneTheRequirementsInstall() throws {
        let requirements = try String(
            contentsOf: Self.repository.appendingPathComponent("workers/requirements.txt"), encoding: .utf8)
        #expect(requirements.contains("\nonnxruntime==" + TaggerRunStep.onnxruntimeVersion + "\n"))
    }
}

import Foundation
import RisaCore
import Testing

@testable import RisaSteps

/// How `tagger.run` decides which worker to start, and its messages when it cannot.
@Suite struct TaggerSetupTests {
    static func invocation(_ arguments: [String: Value], project: URL) -> StepInvocation {
        StepInvocation(
            stepId: "tag", arguments: arguments, outputDirectory: project, scratch: ScratchDirectory { project },
            projectRoot: project, timeout: nil, log: { _, _ in }, processSlots: ProcessSlots(1))
    }

    @Test func aMissingWorkersEnvironmentSaysToRunSetup() throws {
        let project = try Project()
        defer { project.remove() }
        try project.write("model/model.onnx", "x")
        try project.write("model/selected_tags.csv", "tag_id,name,category,count\n")
        let invocation = Self.invocation(["model": .string(project.url("model").path)], project: project.root)
        #expect {
            try TaggerSetup(
                StepArguments(invocation), invocation: invocation,
                environment: ["RISA_VENV": project.url("no-venv").path])
        } throws: { error in
            let message = (error as? StepFailure)?.message ?? ""
            return message.contains("run scripts/setup.sh") && message.contains("no-venv/bin/python")
        }
    }

    @Test func aCustomCommandGetsTheModelFolderAndStartsInTheProject() throws {
        let project = try Project()
        defer { project.remove() }
        let invocation = Self.invocation(
            [
                "model": .string("/models/blip"),
                "tagger": .map(["command": .list([.string("python3"), .string("cap.py"), .string("$MODEL")])]),
            ], project: project.root)
        let setup = try TaggerSetup(StepArguments(invocation), invocation: invocation, environment: [:])
        #expect(setup.configuration.command == ["python3", "cap.py", "/models/blip"])
        #expect(setup.configuration.workingDirectory == project.root.path)
        #expect(!setup.isBuiltin)
    }

    @Test func aMalformedCustomCommandIsRefusedByArgument() throws {
        let project = try Project()
        defer { project.remove() }
        let invocation = Self.invocation(
            ["tagger": .map(["command": .string("python3 cap.py")])], project: project.root)
        #expect {
            try TaggerSetup(StepArguments(invocation), invocation: invocation, environment: [:])
        } throws: { error in
            (error as? StepFailure)?.message.hasPrefix("steps.tag.with.tagger: expected {command:") == true
        }
    }
}

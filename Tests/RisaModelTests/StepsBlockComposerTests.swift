import Foundation
import Testing

@testable import RisaModel

/// Large documents are composed in parts on every core; the result must be exactly what one pass
/// gives (same nodes, same positions), and any document where that is not certain is composed in
/// one pass.
@Suite struct StepsBlockComposerTests {
    /// A pipeline of `count` steps of varied shapes, over the parallel threshold for 2,000+ steps.
    static func document(steps count: Int, step: (Int) -> String = Self.step) -> String {
        var text = "# yaml-language-server: $schema=x\nname: big\nparams:\n  n: {type: int, default: 2}\n\nsteps:\n"
        for index in 0..<count { text += step(index) }
        text += "outputs:\n  last: ${{ steps.s\(count - 1).outputs.file }}\n"
        return text
    }

    static func step(_ index: Int) -> String {
        switch index % 4 {
        case 0:
            return "  s\(index):\n    uses: text.write\n    with: {text: \"step \(index)\", name: n\(index).txt}\n"
        case 1:
            return """
                  s\(index):
                    uses: shell
                    # a comment inside a step
                    with:
                      run: |
                        echo "line one \(index)"

                        echo 'line: two'
                      outputs: {o: o.txt}

                """
        case 2:
            return
                "# a comment at column 0\n  'quoted \(index)':\n    uses: text.write\n    with:\n      text: >-\n        folded\n        text \(index)\n"
        default:
            return
                "  s\(index):\n    uses: text.write\n    needs: [s\(index - 1)]\n    with: {text: ünïcödé \(index)}\n"
        }
    }

    /// Every node with its position, as one text (what equality of two compositions means here).
    static func dump(_ node: SourceNode?) -> String {
        guard let node else { return "nil" }
        var out = ""
        func visit(_ node: SourceNode, _ indent: String) {
            out += "\(indent)@\(node.location.line):\(node.location.column) "
            switch node.kind {
            case .scalar(let scalar): out += "scalar \(scalar.style) \(scalar.text.debugDescription)\n"
            case .sequence(let elements):
                out += "sequence\n"
                for element in elements { visit(element, indent + "  ") }
            case .mapping(let entries):
                out += "mapping\n"
                for entry in entries {
                    out +=
                        "\(indent)  key \(entry.key.debugDescription) @\(entry.keyLocation.line):\(entry.keyLocation.column)\n"
                    visit(entry.value, indent + "    ")
                }
            }
        }
        visit(node, "")
        return out
    }

    static func sequential(_ text: String) -> YAMLLoader.Result {
        var composer = EventComposer(file: "p.yaml", limits: YAMLLoader.Limits())
        return Array(text.utf8).withUnsafeBufferPointer { composer.compose($0) }
    }

    @Test func aLargeDocumentComposedInPartsEqualsOnePass() throws {
        let text = Self.document(steps: 3_000)
        #expect(text.utf8.count >= StepsBlockComposer.minimumSize)
        let parallel = try #require(
            StepsBlockComposer.compose(Array(text.utf8), file: "p.yaml", limits: YAMLLoader.Limits()))
        let single = Self.sequential(text)
        #expect(parallel.diagnostics.isEmpty && single.diagnostics.isEmpty)
        #expect(Self.dump(parallel.root) == Self.dump(single.root))
        #expect(parallel.root?["steps"]?.value.entries?.count == 3_000)
        // The loader takes the parallel path and gives the same tree.
        #expect(Self.dump(YAMLLoader().load(text, file: "p.yaml").root) == Self.dump(single.root))
    }

    @Test func documentsThatCannotBeSplitSafelyAreComposedInOnePass() {
        let cases: [(String, String)] = [
            // An anchor in an early step used by a late one.
            (
                "alias across parts",
                Self.document(steps: 3_000) { index in
                    index == 1
                        ? "  s1: &shared\n    uses: text.write\n    with: {text: x}\n"
                        : index == 2_900 ? "  s2900: *shared\n" : Self.step(index)
                }
            ),
            // The same step id in two parts: one pass reports the duplicate.
            (
                "duplicate id across parts",
                Self.document(steps: 3_000) { index in index == 2_999 ? Self.step(4) : Self.step(index) }
            ),
            // A merge key at the steps' level.
            (
                "merge key",
                Self.document(steps: 3_000) { index in
                    index == 2_000 ? "  <<: {extra: {uses: shell}}\n" : Self.step(index)
                }
            ),
            // A syntax error near the end.
            (
                "syntax error",
                Self.document(steps: 3_000) { index in index == 2_990 ? "  s2990: [unclosed\n" : Self.step(index) }
            ),
        ]
        for (name, text) in cases {
            #expect(
                StepsBlockComposer.compose(Array(text.utf8), file: "p.yaml", limits: YAMLLoader.Limits()) == nil,
                "\(name)")
            let loaded = YAMLLoader().load(text, file: "p.yaml")
            let single = Self.sequential(text)
            #expect(loaded.diagnostics.map(\.description) == single.diagnostics.map(\.description), "\(name)")
            #expect(Self.dump(loaded.root) == Self.dump(single.root), "\(name)")
        }
        // The duplicate is reported with both positions, as one pass words it.
        let duplicate = YAMLLoader().load(cases[1].1, file: "p.yaml").diagnostics.map(\.description)
        #expect(duplicate.count == 1 && duplicate[0].contains("duplicate key 's4'"))
    }

    @Test func theNodeLimitCountsEveryPart() {
        let text = Self.document(steps: 3_000)
        let limited = YAMLLoader(limits: YAMLLoader.Limits(maxNodes: 20_000)).load(text, file: "p.yaml")
        #expect(limited.diagnostics.map(\.message).contains { $0.contains("more than 20000 nodes") })
    }
}

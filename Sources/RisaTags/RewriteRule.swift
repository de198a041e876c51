import Foundation

/// One regex rewrite of tag names, compiled once, with a literal prefilter so that the regex only
/// runs on names that contain the text every match needs.
final class RewriteRule: @unchecked Sendable {
    // @unchecked Sendable: the only stored reference is an NSRegularExpression, which is immutable
    // after creation and documented as safe to use from several threads at once.
    let pattern: String
    let template: String
    private let regex: NSRegularExpression
    /// Bytes every match contains (empty when none could be worked out: then the regex always runs).
    let requiredLiteral: [UInt8]

    init(pattern: String, template: String, ignoreCase: Bool) throws {
        self.pattern = pattern
        self.template = template
        regex = try NSRegularExpression(pattern: pattern, options: ignoreCase ? [.caseInsensitive] : [])
        requiredLiteral = ignoreCase ? [] : Array(Self.requiredLiteral(of: pattern).utf8)
    }

    /// The rewritten name, or nil when the pattern does not match.
    func apply(to name: String) -> String? {
        guard NameRules.contains(name, requiredLiteral) else { return nil }
        let range = NSRange(name.startIndex..<name.endIndex, in: name)
        guard regex.firstMatch(in: name, range: range) != nil else { return nil }
        return regex.stringByReplacingMatches(in: name, range: range, withTemplate: template)
    }

    /// The longest run of plain characters at the top level of `pattern` that every match must
    /// contain; empty when the pattern has an alternation or no such run.
    static func requiredLiteral(of pattern: String) -> String {
        let characters = Array(pattern)
        guard !characters.contains("|") else { return "" }
        var best = ""
        var run = ""
        var depth = 0
        var index = 0
        func endRun() {
            if run.count > best.count { best = run }
            run = ""
        }
        func quantified(_ next: Int) -> Bool {
            next < characters.count && "?*{".contains(characters[next])
        }
        while index < characters.count {
            let character = characters[index]
            switch character {
            case "\\":
                guard index + 1 < characters.count else { return best }
                let escaped = characters[index + 1]
                let isLiteral = !escaped.isLetter && !escaped.isNumber
                if depth == 0, isLiteral, !quantified(index + 2) {
                    run.append(escaped)
                } else {
                    endRun()
                }
                index += 2
                continue
            case "[":
                endRun()
                index += 1
                if index < characters.count, characters[index] == "]" { index += 1 }
                while index < characters.count, characters[index] != "]" {
                    index += characters[index] == "\\" ? 2 : 1
                }
            case "(":
                endRun()
                depth += 1
            case ")":
                endRun()
                depth -= 1
            case "^", "$", ".", "+", "?", "*", "{", "}":
                endRun()
            default:
                if depth == 0, !quantified(index + 1) {
                    run.append(character)
                } else {
                    endRun()
                }
            }
            index += 1
        }
        endRun()
        return best
    }
}

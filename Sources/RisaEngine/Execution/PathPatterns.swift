import Foundation
import RisaCore
import RisaSteps

/// Glob patterns among the paths of a list argument (`paths: [photos/*.jpg, clips/]`): each is
/// replaced by the files and folders it matches, in byte order of their paths. `*`, `?` and
/// `[...]` work within one path component (a folder given as a path is read whole anyway); a name
/// starting with `.` is matched only by a pattern that spells the dot. A text that exists as it is
/// written is a path, not a pattern.
enum PathPatterns {
    /// Whether `text` holds a glob character.
    static func isPattern(_ text: String) -> Bool {
        text.utf8.contains { $0 == UInt8(ascii: "*") || $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "[") }
    }

    /// The paths `pattern` matches, written as the pattern is (relative to `root` when it is
    /// relative), in byte order; empty when nothing matches.
    /// - Throws: `StepFailure` when a folder on the way cannot be read.
    static func expand(_ pattern: String, root: URL, argument: String) throws -> [String] {
        let relative = !pattern.hasPrefix("/")
        let prefix = root.path.hasSuffix("/") ? root.path : root.path + "/"
        let absolute = relative ? prefix + pattern : pattern
        var found = glob_t()
        defer { globfree(&found) }
        let status = glob(absolute, GLOB_NOSORT | GLOB_ERR, nil, &found)
        switch status {
        case 0: break
        case GLOB_NOMATCH: return []
        default:
            throw StepFailure("\(argument): cannot read the folders of the pattern '\(pattern)'", retryable: false)
        }
        var matches: [String] = []
        for index in 0..<Int(found.gl_pathc) {
            guard let pointer = found.gl_pathv[index] else { continue }
            let path = String(cString: pointer)
            matches.append(relative && path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : path)
        }
        return matches.sorted { UTF8Order.precedes($0, $1) }
    }
}

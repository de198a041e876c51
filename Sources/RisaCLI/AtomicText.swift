import Foundation

/// Writes small text files people keep in git (lockfiles) atomically: a temporary file beside the
/// target, then a rename, so a reader never sees half a file.
enum AtomicText {
    static func write(_ text: String, to path: String) throws {
        if let existing = try? String(contentsOfFile: path, encoding: .utf8), existing == text { return }
        let url = URL(fileURLWithPath: path)
        let temporary = url.deletingLastPathComponent().appendingPathComponent(
            ".\(url.lastPathComponent).tmp-\(getpid())")
        try Data(text.utf8).write(to: temporary)
        guard rename(temporary.path, path) == 0 else {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(at: temporary)
            throw CommandFailure(message: "cannot write \(path): \(reason)", status: ExitStatus.failed)
        }
    }
}

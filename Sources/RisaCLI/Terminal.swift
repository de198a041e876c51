import Foundation
import RisaModel

/// Writing to the terminal: results to stdout, problems to stderr.
enum Terminal {
    /// Writes `text` to stderr as it is.
    static func writeError(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }

    /// `risa: error: message` on stderr.
    static func error(_ message: String) {
        writeError("risa: error: \(message)\n")
    }

    /// Every diagnostic on its own line on stderr, then a count.
    static func printDiagnostics(_ diagnostics: [Diagnostic]) {
        var text = diagnostics.sortedByLocation().map { $0.description + "\n" }.joined()
        let errors = diagnostics.filter { $0.severity == .error }.count
        if errors > 0 { text += "\(errors) error\(errors == 1 ? "" : "s")\n" }
        writeError(text)
    }

    /// Whether stderr (where progress goes) is a terminal.
    static var isInteractive: Bool {
        isatty(STDERR_FILENO) == 1 && ProcessInfo.processInfo.environment["TERM"] != "dumb"
    }

    /// The terminal's width in columns (80 when unknown).
    static var width: Int {
        var size = winsize()
        guard ioctl(STDERR_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return 80 }
        return Int(size.ws_col)
    }
}

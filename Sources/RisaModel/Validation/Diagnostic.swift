/// One problem found in a pipeline, printed as `FILE:LINE:COL: error: PATH: message`.
///
/// `path` is the dotted path of the value inside the document (`steps.crop.with.size`), so a reader
/// knows what is wrong even without opening the file.
public struct Diagnostic: Hashable, Sendable, CustomStringConvertible {
    /// How serious a diagnostic is.
    public enum Severity: String, Hashable, Sendable {
        case error
        case warning
    }

    /// Where the problem is.
    public var location: SourceLocation
    /// How serious it is; errors make validation fail.
    public var severity: Severity
    /// The dotted path of the offending value, or empty for the document itself.
    public var path: String
    /// What is wrong, in words a user can act on (including any "did you mean" suggestion).
    public var message: String

    /// Creates a diagnostic.
    public init(_ severity: Severity = .error, at location: SourceLocation, path: String, _ message: String) {
        self.location = location
        self.severity = severity
        self.path = path
        self.message = message
    }

    /// `FILE:LINE:COL: error: PATH: message` (the path part is left out when empty).
    public var description: String {
        let prefix = "\(location): \(severity.rawValue): "
        return path.isEmpty ? prefix + message : prefix + "\(path): \(message)"
    }
}

/// Diagnostics that made an operation fail; the list holds every problem found, in file order.
public struct DiagnosticError: Error, Sendable, CustomStringConvertible {
    /// Every problem found, sorted by file, line and column.
    public let diagnostics: [Diagnostic]

    /// Wraps diagnostics, sorting them by position.
    public init(_ diagnostics: [Diagnostic]) {
        self.diagnostics = diagnostics.sortedByLocation()
    }

    /// One diagnostic per line.
    public var description: String {
        diagnostics.map(\.description).joined(separator: "\n")
    }
}

extension Array where Element == Diagnostic {
    /// Sorted by file, line, column, keeping the order of diagnostics at the same place.
    public func sortedByLocation() -> [Diagnostic] {
        enumerated().sorted { lhs, rhs in
            let (a, b) = (lhs.element.location, rhs.element.location)
            if a.file != b.file { return a.file < b.file }
            if a.line != b.line { return a.line < b.line }
            if a.column != b.column { return a.column < b.column }
            return lhs.offset < rhs.offset
        }.map(\.element)
    }

    /// Whether any of these is an error (not only warnings).
    public var hasErrors: Bool { contains { $0.severity == .error } }
}

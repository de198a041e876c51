/// Subset folder names in kohya's `{repeats}_{token} {class}` form (used without a TOML config,
/// and by Risa to name the folders it materialises).
public enum SubsetFolder {
    /// The folder name for a subset: `10_sks woman`.
    /// - Parameters:
    ///   - repeats: how often each image repeats per epoch (1 or more).
    ///   - token: the trigger token.
    ///   - className: the class word, when there is one.
    /// - Throws: `DatasetError` (`invalidFolderName`) when repeats is below 1, the token is empty, or
    ///   a part holds `/`, `\`, a control character, or would make `.`/`..`.
    public static func name(repeats: Int, token: String, className: String? = nil) throws -> String {
        guard repeats >= 1 else {
            throw DatasetError(.invalidFolderName, "subset folder: repeats must be 1 or more, not \(repeats)")
        }
        let token = token.trimmingSpaces
        guard !token.isEmpty else { throw DatasetError(.invalidFolderName, "subset folder: the token is empty") }
        try checkPart(token, "token")
        var name = "\(repeats)_\(token)"
        if let className = className?.trimmingSpaces, !className.isEmpty {
            try checkPart(className, "class")
            name += " " + className
        }
        return name
    }

    private static func checkPart(_ part: String, _ what: String) throws {
        if let bad = part.unicodeScalars.first(where: { $0 == "/" || $0 == "\\" || $0.value < 0x20 || $0.value == 0x7F }
        ) {
            let shown = bad.value < 0x20 || bad.value == 0x7F ? "a control character" : "\(bad)"
            throw DatasetError(.invalidFolderName, "subset folder: the \(what) \"\(part)\" contains \(shown)")
        }
    }
}

extension String {
    var trimmingSpaces: String {
        var scalars = Substring(self)
        while scalars.first?.isWhitespace == true { scalars.removeFirst() }
        while scalars.last?.isWhitespace == true { scalars.removeLast() }
        return String(scalars)
    }
}

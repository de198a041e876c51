internal import CMagickWand

/// Maps ImageMagick's exceptions to `ImageError`s: the one place that reads a wand's exception.
enum MagickFailure {
    /// Warnings that mean the pixels are incomplete. ImageMagick returns an image for a truncated JPEG
    /// or PNG (the missing rows grey) and only warns; Risa refuses such files.
    private static let truncationWords = [
        "premature end", "truncat", "corrupt image", "insufficient image data", "unexpected end",
        "not enough pixel data", "improper image header", "negative or zero image size",
    ]

    /// The error a failed call on `wand` left behind, or `fallback` when it left none.
    static func error(
        _ wand: OpaquePointer, file: String, doing action: String, fallback: ImageError.Code = .library
    ) -> ImageError {
        var severity = UndefinedException
        let text = describe(wand, &severity)
        MagickClearException(wand)
        let code = classify(severity, text) ?? fallback
        let detail = text.isEmpty ? "\(action) failed" : "\(action) failed: \(text)"
        let reason = code == .corrupt ? "the file is truncated or corrupt (\(detail))" : detail
        return ImageError(code, file: file, reason: reason)
    }

    /// Throws when a call that succeeded left a warning that means the data is damaged; clears other
    /// warnings (libpng's notes on profiles, libjpeg's "extraneous bytes before marker").
    ///
    /// Coders report warnings on the image (`image->exception`), not on the wand, so both are read.
    static func checkWarnings(_ wand: OpaquePointer, file: String, doing action: String) throws {
        var severity = UndefinedException
        var text = describe(wand, &severity)
        MagickClearException(wand)
        var reason: UnsafePointer<CChar>? = nil
        var description: UnsafePointer<CChar>? = nil
        let imageSeverity = risa_image_list_exception(wand, &reason, &description)
        if imageSeverity.rawValue > severity.rawValue {
            severity = imageSeverity
            text = tidy(
                [reason, description].compactMap { $0.map { String(cString: $0) } }.joined(separator: " "))
        }
        guard severity != UndefinedException else { return }
        let lower = text.lowercased()
        let damaged =
            severity.rawValue >= ErrorException.rawValue
            || truncationWords.contains { lower.contains($0) }
        if damaged {
            throw ImageError(
                .corrupt, file: file, reason: "the file is truncated or corrupt (\(action): \(text))")
        }
    }

    private static func describe(_ wand: OpaquePointer, _ severity: inout ExceptionType) -> String {
        guard let raw = MagickGetException(wand, &severity) else { return "" }
        defer { MagickRelinquishMemory(raw) }
        return tidy(String(cString: raw))
    }

    /// Drops ImageMagick's "`filename' @ error/coder.c/Function/line" tail, which names the blob, not
    /// the user's file.
    private static func tidy(_ text: String) -> String {
        let end =
            text.firstRange(of: " `")?.lowerBound ?? text.firstRange(of: " @ ")?.lowerBound
            ?? text.endIndex
        return String(text[..<end].drop { $0 == " " })
    }

    private static func classify(_ severity: ExceptionType, _ text: String) -> ImageError.Code? {
        let lower = text.lowercased()
        if truncationWords.contains(where: { lower.contains($0) }) { return .corrupt }
        switch severity {
        case ResourceLimitError, ResourceLimitWarning, ResourceLimitFatalError: return .tooLarge
        case CorruptImageError, CorruptImageWarning, CorruptImageFatalError: return .corrupt
        case MissingDelegateError, MissingDelegateWarning: return .unsupportedFormat
        case UndefinedException: return nil
        default: return .library
        }
    }
}

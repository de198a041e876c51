import RisaCore

/// How a request wants its image tagged: the thresholds per category and the number of tags.
///
/// `nil` leaves a setting to the worker's default (announced in its handshake: 0.35 general,
/// 0.85 character and no limit for the WD14 worker). ``extra`` passes further options to workers
/// that take them (a captioner's prompt, say).
public struct TagOptions: Sendable, Hashable {
    /// The lowest score of a general tag that is kept (0...1).
    public var generalThreshold: Double?
    /// The lowest score of a character tag that is kept (0...1).
    public var characterThreshold: Double?
    /// The most general and character tags kept, best scores first; no limit when `nil`.
    public var maxTags: Int?
    /// Further options, sent as they are in the request's `options` object.
    public var extra: [String: Value]

    /// Creates options.
    ///
    /// - Parameters:
    ///   - generalThreshold: The lowest score of a general tag that is kept.
    ///   - characterThreshold: The lowest score of a character tag that is kept.
    ///   - maxTags: The most tags kept.
    ///   - extra: Further options for workers that take them.
    public init(
        generalThreshold: Double? = nil, characterThreshold: Double? = nil, maxTags: Int? = nil,
        extra: [String: Value] = [:]
    ) {
        self.generalThreshold = generalThreshold
        self.characterThreshold = characterThreshold
        self.maxTags = maxTags
        self.extra = extra
    }

    /// The request's `options` object: the settings given, over ``extra``.
    var value: [String: Value] {
        var options = extra
        if let generalThreshold { options["general_threshold"] = .number(generalThreshold) }
        if let characterThreshold { options["character_threshold"] = .number(characterThreshold) }
        if let maxTags { options["max_tags"] = .int(maxTags) }
        return options
    }
}

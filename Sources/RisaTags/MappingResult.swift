/// A renamed tag: `from` became `to`.
public struct TagChange: Hashable, Sendable, CustomStringConvertible {
    /// The name before.
    public let from: String
    /// The name after.
    public let to: String

    /// A change from `from` to `to`.
    public init(from: String, to: String) {
        self.from = from
        self.to = to
    }

    public var description: String { "\(from) -> \(to)" }
}

/// A blacklisted tag found on an item: the item must be excluded from the dataset.
public struct BlacklistHit: Hashable, Sendable, CustomStringConvertible {
    /// The tag that matched (as found, after aliasing).
    public let tag: String
    /// Why the tag is blacklisted, as the mapping set says.
    public let reason: String

    /// A hit of `tag` for `reason`.
    public init(tag: String, reason: String) {
        self.tag = tag
        self.reason = reason
    }

    public var description: String { "\(tag) (\(reason))" }
}

/// What a mapping changed on one item's tags, for reports and `risa tags` listings.
public struct MappingReport: Hashable, Sendable {
    /// Names changed by regex rewrites.
    public var rewritten: [TagChange] = []
    /// Names replaced by their alias target.
    public var aliased: [TagChange] = []
    /// Tags deleted by `remove` (or rewritten to nothing).
    public var removed: [String] = []
    /// Parent tags added by implications.
    public var implied: [String] = []
    /// Tags not in the vocabulary (kept or dropped depending on the mapping's `unknown` option).
    public var unknown: [String] = []
    /// Tags dropped by max-tags limits.
    public var dropped: [String] = []
    /// Trigger words inserted.
    public var triggers: [String] = []
    /// Blacklisted tags found; when not empty the item is to be excluded.
    public var blacklisted: [BlacklistHit] = []

    /// An empty report.
    public init() {}

    /// Whether nothing was changed or found.
    public var isEmpty: Bool {
        rewritten.isEmpty && aliased.isEmpty && removed.isEmpty && implied.isEmpty && unknown.isEmpty
            && dropped.isEmpty && triggers.isEmpty && blacklisted.isEmpty
    }

    /// Appends the entries of `other` (a later mapping set's report for the same item).
    public mutating func merge(_ other: MappingReport) {
        rewritten += other.rewritten
        aliased += other.aliased
        removed += other.removed
        implied += other.implied
        unknown += other.unknown
        dropped += other.dropped
        triggers += other.triggers
        blacklisted += other.blacklisted
    }
}

/// The tags of one item after mapping, and what changed.
public struct MappingResult: Hashable, Sendable {
    /// The mapped tags: triggers first, then the item's tags in their order with implied parents
    /// after their child, without duplicate names.
    public var tags: [Tag]
    /// What changed.
    public var report: MappingReport

    /// A result of `tags` and `report`.
    public init(tags: [Tag], report: MappingReport) {
        self.tags = tags
        self.report = report
    }

    /// Whether a blacklisted tag was found: the item must not go into the dataset.
    public var isExcluded: Bool { !report.blacklisted.isEmpty }
}

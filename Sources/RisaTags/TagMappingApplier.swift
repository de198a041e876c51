import RisaCore

extension TagMapping {
    /// Applies a mapping image by image, remembering each stage's decision per distinct tag (name
    /// and category). Inside, names and sources are numbers (positions in the applier's own string
    /// tables), so a stage's work per tag is a few array reads: no string hashing, comparing or
    /// reference counting once a tag has been seen. Not shared between threads: make one per thread
    /// or chunk (its strings are its own copies, so threads never touch the same reference counts).
    ///
    /// `apply(to:)` maps one image's `Tag`s and reports in full; `mapTags(in:)` maps an item's tag
    /// metadata straight to new tag metadata and adds what it did to `tally`, for steps over large
    /// sets.
    public struct Applier {
        let stages: [Stage]
        private var memos: [Memo]
        private var names = StringTable()
        private var sources = StringTable()
        private var dedup = DedupScratch()
        private var columnCache = TagMetadata.ColumnCache()
        private var events: [Event] = []
        /// Per stage, per resolution: how many tags `mapTags(in:)` resolved that way.
        private var resolutionHits: [[Int]]
        /// Per name: how many times `mapTags(in:)` dropped it for a limit.
        private var droppedHits: [Int] = []
        private var mappedItems = 0
        private var changedItems = 0
        private let triggerSource: Int32
        private let impliedSource: Int32

        init(stages: [Stage]) {
            self.stages = stages
            memos = Array(repeating: Memo(), count: stages.count)
            resolutionHits = Array(repeating: [], count: stages.count)
            triggerSource = sources.id("trigger")
            impliedSource = sources.id("implied")
        }

        /// The mapped tags of one image and what the mapping did to them (as `TagMapping.apply`).
        public mutating func apply(to tags: [Tag]) -> MappingResult {
            let input = tags.map {
                MappedTag(
                    name: names.id($0.name), category: $0.category, score: $0.score, source: sources.id($0.source))
            }
            let output = map(input)
            return MappingResult(tags: output.map(tag), report: report(of: events))
        }

        /// The item's mapped tag metadata (`TagMetadata`'s encoding), whether the item is to be
        /// excluded and for which blacklisted tags; what the mapping did is added to `tally`.
        /// - Throws: `TagsError` (`invalidMetadata`) when the item's tag metadata is malformed.
        public mutating func mapTags(in metadata: [String: Value]) throws -> MappedItem {
            var input: [MappedTag] = []
            try TagMetadata.forEachTag(in: metadata) { name, category, score, source in
                input.append(
                    MappedTag(name: names.id(name), category: category, score: score, source: sources.id(source)))
            }
            let output = map(input)
            mappedItems += 1
            if !events.isEmpty { changedItems += 1 }
            var blacklisted: [BlacklistHit] = []
            for event in events {
                switch event {
                case .resolution(let stage, let position):
                    let stage = Int(stage)
                    let position = Int(position)
                    if resolutionHits[stage].count <= position {
                        resolutionHits[stage] += Array(repeating: 0, count: position + 1 - resolutionHits[stage].count)
                    }
                    resolutionHits[stage][position] += 1
                    if memos[stage].resolutions[position].blacklists {
                        blacklisted += memos[stage].reports[position].blacklisted
                    }
                case .dropped(let name):
                    let name = Int(name)
                    if droppedHits.count <= name {
                        droppedHits += Array(repeating: 0, count: name + 1 - droppedHits.count)
                    }
                    droppedHits[name] += 1
                case .triggers:
                    break
                }
            }
            let encoded = TagMetadata.encode(
                count: output.count, name: { names[output[$0].name] }, category: { output[$0].category },
                score: { output[$0].score }, source: { sources.string(output[$0].source) }, cache: &columnCache)
            return MappedItem(tags: encoded, changed: !events.isEmpty, blacklisted: blacklisted)
        }

        /// What `mapTags(in:)` did so far, counted per kind and tag.
        public var tally: MappingTally {
            var tally = MappingTally()
            tally.items = mappedItems
            tally.changedItems = changedItems
            for stage in stages.indices {
                let withTriggers = stages[stage].triggers
                if !withTriggers.isEmpty {
                    // Every mapped item got the stage's triggers.
                    var report = MappingReport()
                    report.triggers = withTriggers
                    tally.add(report, times: mappedItems)
                }
                for (position, hits) in resolutionHits[stage].enumerated() where hits > 0 {
                    tally.add(memos[stage].reports[position], times: hits)
                }
            }
            for (name, hits) in droppedHits.enumerated() where hits > 0 {
                var report = MappingReport()
                report.dropped = [names[Int32(name)]]
                tally.add(report, times: hits)
            }
            return tally
        }

        // MARK: - Mapping

        /// Runs every stage over `input`; `events` then lists what happened, in order.
        private mutating func map(_ input: [MappedTag]) -> [MappedTag] {
            events.removeAll(keepingCapacity: true)
            var current = input
            for index in stages.indices { current = apply(stage: index, to: current) }
            return current
        }

        private mutating func apply(stage index: Int, to input: [MappedTag]) -> [MappedTag] {
            var output: [MappedTag] = []
            output.reserveCapacity(input.count * 2 + stages[index].triggers.count)
            if !stages[index].triggers.isEmpty {
                events.append(.triggers(stage: Int32(index)))
                for trigger in memos[index].triggers(of: stages[index], names: &names) {
                    output.append(MappedTag(name: trigger, category: .trigger, score: nil, source: triggerSource))
                }
            }
            for tag in input {
                let position = resolution(stage: index, tag)
                let resolved = memos[index].resolutions[position]
                if resolved.hasReport { events.append(.resolution(stage: Int32(index), position: Int32(position))) }
                guard resolved.name >= 0 else { continue }
                output.append(
                    MappedTag(name: resolved.name, category: resolved.category, score: tag.score, source: tag.source))
                for parent in resolved.parents {
                    let (name, category) = memos[index].parents[Int(parent)]
                    output.append(MappedTag(name: name, category: category, score: tag.score, source: impliedSource))
                }
            }
            output = deduplicated(output)
            if !stages[index].limits.isEmpty || stages[index].maxTotal != nil { output = limited(output, stage: index) }
            return output
        }

        /// The position of what stage `index` does to `tag`, resolving it the first time.
        private mutating func resolution(stage index: Int, _ tag: MappedTag) -> Int {
            let slot = Int(tag.name) &* Memo.categorySlots &+ tag.category.index
            if slot < memos[index].positions.count, memos[index].positions[slot] >= 0 {
                return Int(memos[index].positions[slot])
            }
            let found = stages[index].resolve(.init(name: names[tag.name], category: tag.category))
            let firstParent = memos[index].parents.count
            for parent in found.parents { memos[index].parents.append((names.id(parent.name), parent.category)) }
            let resolved = Memo.Resolved(
                hasReport: !found.report.isEmpty, blacklists: !found.report.blacklisted.isEmpty,
                name: found.output.map { names.id($0.name) } ?? -1, category: found.output?.category ?? tag.category,
                parents: Int32(firstParent)..<Int32(memos[index].parents.count))
            let position = memos[index].resolutions.count
            memos[index].resolutions.append(resolved)
            memos[index].reports.append(found.report)
            if memos[index].positions.count <= slot {
                let wanted = max(slot + 1, names.count * Memo.categorySlots)
                memos[index].positions += Array(repeating: -1, count: wanted - memos[index].positions.count)
            }
            memos[index].positions[slot] = Int32(position)
            return position
        }

        /// Merges tags of the same name: the first keeps its place and category, and takes the
        /// highest score.
        private mutating func deduplicated(_ tags: [MappedTag]) -> [MappedTag] {
            dedup.start(names: names.count)
            var result: [MappedTag] = []
            result.reserveCapacity(tags.count)
            for tag in tags {
                if let position = dedup.position(of: tag.name) {
                    result[position].score = Self.maxScore(result[position].score, tag.score)
                } else {
                    dedup.record(tag.name, at: result.count)
                    result.append(tag)
                }
            }
            return result
        }

        private static func maxScore(_ lhs: Double?, _ rhs: Double?) -> Double? {
            guard let lhs else { return rhs }
            guard let rhs else { return lhs }
            return max(lhs, rhs)
        }

        /// Applies max-tags limits: per category, then in total, dropping only droppable categories'
        /// tags, lowest score first (unscored lowest), later position first among equals.
        private mutating func limited(_ tags: [MappedTag], stage index: Int) -> [MappedTag] {
            let limits = stages[index].limits
            let maxTotal = stages[index].maxTotal
            var perCategory = [Int](repeating: 0, count: TagCategory.allCases.count)
            for tag in tags { perCategory[tag.category.index] += 1 }
            let overLimit = limits.contains { perCategory[$0.category.index] > $0.limit }
            let overTotal = maxTotal.map { tags.count > $0 } ?? false
            guard overLimit || overTotal else { return tags }
            var keep = [Bool](repeating: true, count: tags.count)
            // Drops `count` tags among those `eligible`: a selection pass per dropped tag, as limits
            // usually drop a few of a few dozen tags.
            func drop(_ count: Int, where eligible: (Int) -> Bool) {
                for _ in 0..<count {
                    var worst = -1
                    var worstScore = Double.infinity
                    for index in tags.indices where keep[index] && eligible(index) {
                        let score = tags[index].score ?? -.infinity
                        if worst < 0 || score <= worstScore {
                            worst = index
                            worstScore = score
                        }
                    }
                    guard worst >= 0 else { return }
                    keep[worst] = false
                }
            }
            for (category, limit) in limits where perCategory[category.index] > limit {
                drop(perCategory[category.index] - limit) { tags[$0].category == category }
            }
            if let maxTotal {
                let policy = stages[index].policy
                let kept = keep.reduce(0) { $0 + ($1 ? 1 : 0) }
                if kept > maxTotal { drop(kept - maxTotal) { policy.isDroppable(tags[$0].category) } }
            }
            var result: [MappedTag] = []
            result.reserveCapacity(tags.count)
            for (index, tag) in tags.enumerated() {
                if keep[index] { result.append(tag) } else { events.append(.dropped(name: tag.name)) }
            }
            return result
        }

        // MARK: - Back to strings

        private func tag(_ mapped: MappedTag) -> Tag {
            Tag(
                names[mapped.name], category: mapped.category, score: mapped.score,
                source: sources.string(mapped.source))
        }

        /// The full report of one image's `events`.
        private func report(of events: [Event]) -> MappingReport {
            var report = MappingReport()
            for event in events {
                switch event {
                case .triggers(let stage): report.triggers += stages[Int(stage)].triggers
                case .resolution(let stage, let position):
                    report.merge(memos[Int(stage)].reports[Int(position)])
                case .dropped(let name): report.dropped.append(names[name])
                }
            }
            return report
        }
    }

    /// What `Applier.mapTags(in:)` made of one item.
    public struct MappedItem: Sendable {
        /// The new `tags` metadata value.
        public let tags: Value
        /// Whether the mapping changed or found anything (a report entry).
        public let changed: Bool
        /// The blacklisted tags found; when not empty the item is to be excluded.
        public let blacklisted: [BlacklistHit]

        /// Whether a blacklisted tag was found.
        public var isExcluded: Bool { !blacklisted.isEmpty }
    }

    /// A tag inside an applier: name and source are positions in its string tables (source -1: none).
    struct MappedTag {
        var name: Int32
        var category: TagCategory
        var score: Double?
        var source: Int32
    }

    /// Something a mapping did to one image, in order (the image's report is made from these).
    enum Event {
        /// A stage inserted its trigger words.
        case triggers(stage: Int32)
        /// A tag was resolved the way that has a report entry.
        case resolution(stage: Int32, position: Int32)
        /// A limit dropped the tag.
        case dropped(name: Int32)
    }

    /// One stage's decisions so far: resolutions by (name, category) slot.
    struct Memo {
        static let categorySlots = 8

        /// A resolution in plain values (read per tag without reference counting).
        struct Resolved {
            /// Whether the resolution has report entries (in `reports` at the same position).
            let hasReport: Bool
            /// Whether those entries include blacklist hits.
            let blacklists: Bool
            /// The output tag's name, or -1 when the tag goes.
            let name: Int32
            let category: TagCategory
            /// The implied parents' positions in `parents`.
            let parents: Range<Int32>
        }

        /// Per `name * categorySlots + category`: the resolution's position, or -1.
        var positions: [Int32] = []
        var resolutions: [Resolved] = []
        var reports: [MappingReport] = []
        /// The implied parents of every resolution, each resolution's consecutive.
        var parents: [(name: Int32, category: TagCategory)] = []
        private var triggerNames: [Int32]?

        /// The stage's trigger words as names of `names`.
        mutating func triggers(of stage: Stage, names: inout StringTable) -> [Int32] {
            if let triggerNames { return triggerNames }
            let found = stage.triggers.map { names.id($0) }
            triggerNames = found
            return found
        }
    }

    /// Positions of names already in the tags being deduplicated, reset in O(1) per image by a
    /// generation stamp.
    struct DedupScratch {
        private var stamps: [UInt32] = []
        private var positions: [Int32] = []
        private var generation: UInt32 = 0

        mutating func start(names count: Int) {
            if stamps.count < count {
                stamps += Array(repeating: 0, count: count - stamps.count)
                positions += Array(repeating: 0, count: count - positions.count)
            }
            generation &+= 1
            if generation == 0 {
                for index in stamps.indices { stamps[index] = 0 }
                generation = 1
            }
        }

        func position(of name: Int32) -> Int? {
            stamps[Int(name)] == generation ? Int(positions[Int(name)]) : nil
        }

        mutating func record(_ name: Int32, at position: Int) {
            stamps[Int(name)] = generation
            positions[Int(name)] = Int32(position)
        }
    }
}

extension StringTable {
    /// The number of `text`, or -1 for nil.
    mutating func id(_ text: String?) -> Int32 {
        guard let text else { return -1 }
        return id(text)
    }

    /// The string numbered `id`, or nil for -1.
    func string(_ id: Int32) -> String? {
        id < 0 ? nil : self[id]
    }
}

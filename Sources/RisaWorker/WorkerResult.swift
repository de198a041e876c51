import RisaCore

/// A worker's answer to one tag request.
public struct WorkerResult: Sendable, Hashable {
    /// The general and character tags kept, best score first.
    public var tags: [WorkerTag]
    /// The rating with the highest score, when the model rates.
    public var rating: WorkerTag?
    /// Every rating's score by name, when the model rates.
    public var ratings: [String: Double]
    /// The caption, from a captioning worker.
    public var caption: String?
    /// How many images the worker ran through its model together with this one (1: alone).
    public var batchSize: Int
    /// The `result` object as the worker sent it, for fields this type does not name.
    public var raw: Value

    /// Creates a result.
    ///
    /// - Parameters:
    ///   - tags: The general and character tags kept, best first.
    ///   - rating: The winning rating.
    ///   - ratings: Every rating's score.
    ///   - caption: A captioner's caption.
    ///   - batchSize: The size of the batch the image was run in.
    ///   - raw: The `result` object as sent.
    public init(
        tags: [WorkerTag], rating: WorkerTag? = nil, ratings: [String: Double] = [:], caption: String? = nil,
        batchSize: Int = 1, raw: Value = .map([:])
    ) {
        self.tags = tags
        self.rating = rating
        self.ratings = ratings
        self.caption = caption
        self.batchSize = batchSize
        self.raw = raw
    }

    /// Reads the `result` object of a response; `nil` when it is malformed.
    init?(result: Value, batchSize: Int) {
        guard let fields = result.mapValue else { return nil }
        var tags: [WorkerTag] = []
        if let list = fields["tags"] {
            guard let items = list.listValue else { return nil }
            for item in items {
                guard let tag = WorkerTag(item) else { return nil }
                tags.append(tag)
            }
        }
        var rating: WorkerTag?
        if let value = fields["rating"], value != .null {
            guard let tag = WorkerTag(value, category: .rating) else { return nil }
            rating = tag
        }
        var ratings: [String: Double] = [:]
        for (name, score) in fields["ratings"]?.mapValue ?? [:] {
            guard let score = score.doubleValue else { return nil }
            ratings[name] = score
        }
        let caption = fields["caption"]?.stringValue
        self.init(tags: tags, rating: rating, ratings: ratings, caption: caption, batchSize: batchSize, raw: result)
    }
}

extension WorkerTag {
    /// Reads `{"name": ..., "category": ..., "score": ...}`; `category` is used when the object has none.
    init?(_ value: Value, category: Category? = nil) {
        guard let name = value["name"]?.stringValue, let score = value["score"]?.doubleValue else { return nil }
        guard let kind = value["category"]?.stringValue.map(Category.init) ?? category else { return nil }
        self.init(name: name, category: kind, score: score)
    }
}

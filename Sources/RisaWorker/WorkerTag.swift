/// One tag a worker gave an image.
public struct WorkerTag: Sendable, Hashable {
    /// The kind of a tag, as the tag table says (WD14: category 0, 4 and 9).
    public enum Category: Sendable, Hashable {
        /// A general tag (category 0).
        case general
        /// A character tag (category 4).
        case character
        /// A rating (category 9).
        case rating
        /// Any other category, as the worker named it.
        case other(String)

        /// The category a worker names `name`.
        public init(_ name: String) {
            switch name {
            case "general": self = .general
            case "character": self = .character
            case "rating": self = .rating
            default: self = .other(name)
            }
        }

        /// The protocol's name of the category.
        public var name: String {
            switch self {
            case .general: "general"
            case .character: "character"
            case .rating: "rating"
            case .other(let name): name
            }
        }
    }

    /// The tag as the tag table writes it (underscores kept: `long_hair`, `^_^`).
    public var name: String
    /// The tag's category.
    public var category: Category
    /// The model's score, 0...1.
    public var score: Double

    /// Creates a tag.
    ///
    /// - Parameters:
    ///   - name: The tag as the tag table writes it.
    ///   - category: The tag's category.
    ///   - score: The model's score.
    public init(name: String, category: Category, score: Double) {
        self.name = name
        self.category = category
        self.score = score
    }
}

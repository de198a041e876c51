import Foundation

/// Reads an existing kohya dataset folder: a parent folder holding subset folders named
/// `N_class tokens` (N = repeats), each with images and same-stem caption files.
public enum KohyaFolder {
    /// The image extensions kohya reads (compared without case).
    public static let imageExtensions: Set<String> = [".png", ".jpg", ".jpeg", ".webp", ".bmp"]

    /// One subset folder.
    public struct Subset: Hashable, Sendable {
        /// The folder name, e.g. `10_sks woman`.
        public let name: String
        /// The folder's path.
        public let path: String
        /// N of `N_...`: how often each image repeats per epoch.
        public let repeats: Int
        /// The rest of the name after `N_`: kohya's caption for images without a caption file.
        public let classTokens: String
        /// The images in name order.
        public let items: [Item]
    }

    /// One image of a subset and its caption's tags, or the reason they could not be read.
    public struct Item: Hashable, Sendable {
        /// The image's path.
        public let imagePath: String
        /// The caption file's path, nil when the image has none (kohya then uses the class tokens).
        public let captionPath: String?
        /// The caption's tags (empty without a caption file, or when `error` is set).
        public let tags: [Tag]
        /// Why the caption could not be read (non-UTF-8, empty), naming the file.
        public let error: TagsError?
    }

    /// What a scan found: the subsets, and the folders kohya would skip.
    public struct Scan: Hashable, Sendable {
        /// The subset folders in name order.
        public let subsets: [Subset]
        /// Folders without the `N_` prefix, which kohya skips (usually a layout mistake).
        public let skippedFolders: [String]
    }

    /// Parses a subset folder name `N_class tokens`; nil when it has no positive integer before `_`.
    public static func parseName(_ name: String) -> (repeats: Int, classTokens: String)? {
        guard let underscore = name.firstIndex(of: "_"), let repeats = Int(name[..<underscore]), repeats > 0 else {
            return nil
        }
        return (repeats, String(name[name.index(after: underscore)...]))
    }

    /// Scans the kohya training folder at `root` (the `train_data_dir`).
    /// - Parameters:
    ///   - root: the parent of the subset folders.
    ///   - captionExtensions: the caption extensions to look for, in order of preference.
    ///   - encoding: the declared caption encoding.
    /// - Throws: `TagsError` (`invalidFolder`) when `root` cannot be listed.
    public static func scan(
        root: String, captionExtensions: [String] = [".txt", ".caption"], encoding: CaptionEncoding = .utf8
    ) throws -> Scan {
        let manager = FileManager.default
        guard let names = try? manager.contentsOfDirectory(atPath: root) else {
            throw TagsError(.invalidFolder, "\(root): cannot list the dataset folder")
        }
        var subsets: [Subset] = []
        var skipped: [String] = []
        for name in names.sorted() where !name.hasPrefix(".") {
            let path = (root as NSString).appendingPathComponent(name)
            var isDirectory: ObjCBool = false
            guard manager.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else { continue }
            guard let (repeats, classTokens) = parseName(name) else {
                skipped.append(name)
                continue
            }
            let items = try scanSubset(path: path, captionExtensions: captionExtensions, encoding: encoding)
            subsets.append(Subset(name: name, path: path, repeats: repeats, classTokens: classTokens, items: items))
        }
        return Scan(subsets: subsets, skippedFolders: skipped)
    }

    private static func scanSubset(
        path: String, captionExtensions: [String], encoding: CaptionEncoding
    ) throws
        -> [Item]
    {
        guard let files = try? FileManager.default.contentsOfDirectory(atPath: path) else {
            throw TagsError(.invalidFolder, "\(path): cannot list the subset folder")
        }
        let present = Set(files)
        var items: [Item] = []
        for file in files.sorted() {
            let ext = "." + (file as NSString).pathExtension.lowercased()
            guard imageExtensions.contains(ext) else { continue }
            let stem = (file as NSString).deletingPathExtension
            let imagePath = (path as NSString).appendingPathComponent(file)
            guard let captionName = captionExtensions.map({ stem + $0 }).first(where: present.contains) else {
                items.append(Item(imagePath: imagePath, captionPath: nil, tags: [], error: nil))
                continue
            }
            let captionPath = (path as NSString).appendingPathComponent(captionName)
            do {
                let tags = try CaptionFile.readTags(path: captionPath, encoding: encoding, source: "kohya")
                items.append(Item(imagePath: imagePath, captionPath: captionPath, tags: tags, error: nil))
            } catch let error as TagsError {
                items.append(Item(imagePath: imagePath, captionPath: captionPath, tags: [], error: error))
            }
        }
        return items
    }
}

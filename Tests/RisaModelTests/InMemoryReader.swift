import Foundation
import RisaModel
import RisaSteps

/// Pipeline files held in memory, for loader and validator tests.
struct InMemoryReader: PipelineSourceReader {
    var files: [String: String]

    func read(_ path: String) throws -> String {
        guard let text = files[PipelineLoader.normalize(path)] else {
            throw CocoaError(.fileReadNoSuchFile, userInfo: [NSFilePathErrorKey: path])
        }
        return text
    }
}

/// Loads and validates `main` from `files`, returning every diagnostic as text.
func diagnostics(of files: [String: String], main: String = "p.yaml") -> [String] {
    let loader = PipelineLoader(reader: InMemoryReader(files: files))
    let (bundle, loadProblems) = loader.load(main)
    var all = loadProblems
    if let bundle { all += PipelineValidator(catalog: BuiltinSteps.catalog).validate(bundle) }
    return all.sortedByLocation().map(\.description)
}

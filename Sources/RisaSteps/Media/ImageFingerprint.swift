import Foundation
import RisaMedia

/// What deduplication measures of one image: its perceptual hash, sharpness and size.
struct ImageFingerprint: Sendable {
    /// dHash or pHash of the upright image.
    var hash: UInt64
    /// Blur score (0 when not measured).
    var blur: Double
    /// Width x height of the upright image.
    var pixels: Int

    /// The outcome of measuring one image: its fingerprint or why it could not be read.
    enum Result: Sendable {
        case success(ImageFingerprint)
        case failure(String)
    }

    /// Measures one image file.
    static func measure(_ file: URL, phash: Bool, blur: Bool) -> Result {
        do {
            let info = try MagickImage.probe(file: file.path)
            let size = blur ? ImageFilterStep.analysisSize(info) : PixelSize(64, 64)
            let decoded = try MagickImage(file: file.path, decodeAtLeast: size)
            let upright = try ImageTransform.apply([.orient], to: decoded).image
            let hash = phash ? try PerceptualHash.pHash(upright) : try PerceptualHash.dHash(upright)
            let score = blur ? try ImageAnalysis.blurScore(upright) : 0
            return .success(ImageFingerprint(hash: hash, blur: score, pixels: info.orientedWidth * info.orientedHeight))
        } catch let error as ImageError {
            return .failure("\(error.reason) [\(error.code.rawValue)]")
        } catch {
            return .failure("\(error)")
        }
    }

    /// Measures every item, `jobs` at a time, keeping the input order.
    static func measure(_ items: [InputItem], phash: Bool, blur: Bool, jobs: Int) async throws -> [Result] {
        var results = [Result?](repeating: nil, count: items.count)
        try await withThrowingTaskGroup(of: (Int, Result).self) { group in
            var next = 0
            func start() {
                let index = next
                let file = items[index].file
                group.addTask {
                    try Task.checkCancellation()
                    return (index, measure(file, phash: phash, blur: blur))
                }
                next += 1
            }
            while next < min(jobs, items.count) { start() }
            while let (index, result) = try await group.next() {
                results[index] = result
                if next < items.count { start() }
            }
        }
        return results.map { $0! }
    }
}

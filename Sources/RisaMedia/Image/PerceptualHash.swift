#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// 64-bit image hashes for finding near-duplicates, compared by Hamming distance.
///
/// Both hash a grey (BT.601 luma) copy resampled with a box filter, aspect ignored. Bit 63 is the first
/// cell (top-left), bits run row by row.
public enum PerceptualHash {
    /// Difference hash: grey 9x8; bit = `left < right` for each of the 8x8 horizontal neighbour pairs.
    public static func dHash(_ image: MagickImage) throws -> UInt64 {
        dHash(grey: try image.greyResampled(width: 9, height: 8))
    }

    /// The difference hash of a 9x8 grey buffer.
    public static func dHash(grey: PixelBuffer) -> UInt64 {
        precondition(
            grey.layout == .gray && grey.width == 9 && grey.height == 8, "dHash takes a 9x8 grey buffer")
        var hash: UInt64 = 0
        for y in 0..<8 {
            for x in 0..<8 {
                let left = grey.bytes[y * 9 + x]
                let right = grey.bytes[y * 9 + x + 1]
                hash = hash << 1 | (left < right ? 1 : 0)
            }
        }
        return hash
    }

    /// Perceptual hash: grey 32x32, 2-D DCT-II, the top-left 8x8 coefficients (DC included, as the
    /// `imagehash` Python package does); bit = coefficient `>` the median of those 64.
    public static func pHash(_ image: MagickImage) throws -> UInt64 {
        pHash(grey: try image.greyResampled(width: 32, height: 32))
    }

    /// The perceptual hash of a 32x32 grey buffer.
    public static func pHash(grey: PixelBuffer) -> UInt64 {
        precondition(
            grey.layout == .gray && grey.width == 32 && grey.height == 32,
            "pHash takes a 32x32 grey buffer")
        let n = 32
        // Unnormalised DCT-II basis: cos(pi * (2x + 1) * k / 2n); scaling does not change the order.
        var basis = [Double](repeating: 0, count: 8 * n)
        for k in 0..<8 {
            for x in 0..<n {
                basis[k * n + x] = cos(Double.pi * Double(2 * x + 1) * Double(k) / Double(2 * n))
            }
        }
        // Rows first (32 rows x 8 coefficients), then columns.
        var rows = [Double](repeating: 0, count: n * 8)
        for y in 0..<n {
            for k in 0..<8 {
                var s = 0.0
                for x in 0..<n { s += Double(grey.bytes[y * n + x]) * basis[k * n + x] }
                rows[y * 8 + k] = s
            }
        }
        var coefficients = [Double](repeating: 0, count: 64)
        for v in 0..<8 {
            for u in 0..<8 {
                var s = 0.0
                for y in 0..<n { s += rows[y * 8 + u] * basis[v * n + y] }
                coefficients[v * 8 + u] = s
            }
        }
        let sorted = coefficients.sorted()
        let median = (sorted[31] + sorted[32]) / 2
        var hash: UInt64 = 0
        for c in coefficients { hash = hash << 1 | (c > median ? 1 : 0) }
        return hash
    }

    /// How many bits differ between two hashes (0 = same, 64 = opposite).
    public static func distance(_ a: UInt64, _ b: UInt64) -> Int {
        (a ^ b).nonzeroBitCount
    }
}

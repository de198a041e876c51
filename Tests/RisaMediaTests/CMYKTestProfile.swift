@testable import RisaMedia

/// A small CMYK output profile (ICC v2.1, printer class, Lab PCS) built byte by byte for tests, so
/// that a CMYK image with an embedded profile can be made without any profile file.
///
/// Its `A2B0` table is deliberately unlike any real press: pure cyan (C 100%) becomes sRGB red,
/// paper white stays white, and any K 100% is black. An image converted through it therefore comes
/// out red where ImageMagick's formula conversion (no profile) would give cyan, which tells the two
/// paths apart.
enum CMYKTestProfile {
    /// Lab (D50) of sRGB red.
    static let redLab = (l: 54.29, a: 80.81, b: 69.89)

    static let bytes: [UInt8] = ICCProfileBytes.assemble(
        deviceClass: "prtr", colorSpace: "CMYK", pcs: "Lab ",
        tags: [
            ("desc", ICCProfileBytes.textDescription("Risa test CMYK (cyan prints red)")),
            ("cprt", ICCProfileBytes.text("No copyright, use freely")),
            ("wtpt", ICCProfileBytes.xyz(0.9642, 1.0, 0.8249)),
            ("A2B0", cmykToLab()),
            ("B2A0", labToCMYK()),
        ])

    /// `mft2` from CMYK (2 grid points a channel) to Lab: corner by corner.
    private static func cmykToLab() -> [UInt8] {
        var grid: [UInt8] = []
        // The first input channel varies slowest.
        for c in 0...1 {
            for m in 0...1 {
                for y in 0...1 {
                    for k in 0...1 {
                        let lab: (l: Double, a: Double, b: Double)
                        if k == 1 {
                            lab = (0, 0, 0)
                        } else if (c, m, y) == (0, 0, 0) {
                            lab = (100, 0, 0)
                        } else if (c, m, y) == (1, 0, 0) {
                            lab = redLab
                        } else {
                            lab = (50, 0, 0)
                        }
                        // ICC v2 16-bit Lab: L 0...100 -> 0...0xFF00, a and b +128 in 1/256 steps.
                        grid +=
                            ICCProfileBytes.be16(Int((lab.l * 652.8).rounded()))
                            + ICCProfileBytes.be16(Int(((lab.a + 128) * 256).rounded()))
                            + ICCProfileBytes.be16(Int(((lab.b + 128) * 256).rounded()))
                    }
                }
            }
        }
        return lut16(inputs: 4, outputs: 3, grid: grid)
    }

    /// `mft2` from Lab to CMYK (present for completeness; every corner is paper white).
    private static func labToCMYK() -> [UInt8] {
        lut16(inputs: 3, outputs: 4, grid: [UInt8](repeating: 0, count: 8 * 4 * 2))
    }

    /// A `lut16Type` with identity input and output curves (2 entries) and a 2-point grid.
    private static func lut16(inputs: Int, outputs: Int, grid: [UInt8]) -> [UInt8] {
        var tag = ICCProfileBytes.ascii("mft2") + [0, 0, 0, 0] + [UInt8(inputs), UInt8(outputs), 2, 0]
        for row in 0..<3 {
            for column in 0..<3 { tag += ICCProfileBytes.s15(row == column ? 1 : 0) }
        }
        tag += ICCProfileBytes.be16(2) + ICCProfileBytes.be16(2)
        for _ in 0..<inputs { tag += ICCProfileBytes.be16(0) + ICCProfileBytes.be16(65535) }
        tag += grid
        for _ in 0..<outputs { tag += ICCProfileBytes.be16(0) + ICCProfileBytes.be16(65535) }
        return tag
    }
}

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

    static let bytes: [UInt8] = build()

    private static func build() -> [UInt8] {
        var tags: [(signature: String, data: [UInt8])] = []
        tags.append(("desc", textDescription("Risa test CMYK (cyan prints red)")))
        tags.append(("cprt", ascii("text") + [0, 0, 0, 0] + Array("No copyright, use freely".utf8) + [0]))
        tags.append(("wtpt", ascii("XYZ ") + [0, 0, 0, 0] + s15(0.9642) + s15(1.0) + s15(0.8249)))
        tags.append(("A2B0", cmykToLab()))
        tags.append(("B2A0", labToCMYK()))
        let tableSize = 4 + 12 * tags.count
        var offset = 128 + tableSize
        var table = be32(tags.count)
        var data: [UInt8] = []
        for tag in tags {
            table += ascii(tag.signature) + be32(offset) + be32(tag.data.count)
            var padded = tag.data
            while padded.count % 4 != 0 { padded.append(0) }
            data += padded
            offset += padded.count
        }
        var header = be32(offset) + [0, 0, 0, 0] + [0x02, 0x10, 0, 0] + ascii("prtr") + ascii("CMYK") + ascii("Lab ")
        header += [0x07, 0xD0, 0, 1, 0, 1, 0, 0, 0, 0, 0, 0]
        header += ascii("acsp") + [UInt8](repeating: 0, count: 24)
        header += be32(0)
        header += s15(0.9642) + s15(1.0) + s15(0.8249)
        header += [UInt8](repeating: 0, count: 128 - header.count)
        return header + table + data
    }

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
                        grid += be16(Int((lab.l * 652.8).rounded())) + be16(Int(((lab.a + 128) * 256).rounded()))
                            + be16(Int(((lab.b + 128) * 256).rounded()))
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
        var tag = ascii("mft2") + [0, 0, 0, 0] + [UInt8(inputs), UInt8(outputs), 2, 0]
        for row in 0..<3 {
            for column in 0..<3 { tag += s15(row == column ? 1 : 0) }
        }
        tag += be16(2) + be16(2)
        for _ in 0..<inputs { tag += be16(0) + be16(65535) }
        tag += grid
        for _ in 0..<outputs { tag += be16(0) + be16(65535) }
        return tag
    }

    private static func textDescription(_ text: String) -> [UInt8] {
        let chars = Array(text.utf8) + [0]
        return ascii("desc") + [0, 0, 0, 0] + be32(chars.count) + chars + be32(0) + be32(0) + [0, 0, 0]
            + [UInt8](repeating: 0, count: 67)
    }

    private static func s15(_ value: Double) -> [UInt8] { be32(Int((value * 65536).rounded())) }
    private static func be16(_ value: Int) -> [UInt8] { [UInt8((value >> 8) & 0xFF), UInt8(value & 0xFF)] }
    private static func be32(_ value: Int) -> [UInt8] {
        [UInt8((value >> 24) & 0xFF), UInt8((value >> 16) & 0xFF), UInt8((value >> 8) & 0xFF), UInt8(value & 0xFF)]
    }
    private static func ascii(_ text: String) -> [UInt8] { Array(text.utf8) }
}

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// An sRGB ICC profile (version 2.1, display class), built from the IEC 61966-2-1 constants so no
/// profile file has to be installed: the D50-adapted primaries, the D50 white point and a 1024-entry
/// tone curve. The target of `TransformOperation.srgb` for images with an embedded profile.
enum SRGBProfile {
    static let bytes: [UInt8] = build()

    private static func build() -> [UInt8] {
        var tags: [(signature: String, data: [UInt8])] = []
        tags.append(("desc", textDescription("sRGB IEC61966-2.1 (Risa)")))
        tags.append(
            ("cprt", ascii("text") + [0, 0, 0, 0] + Array("No copyright, use freely".utf8) + [0]))
        tags.append(("wtpt", xyz(0.9642, 1.0, 0.8249)))
        tags.append(("rXYZ", xyz(0.4360747, 0.2225045, 0.0139322)))
        tags.append(("gXYZ", xyz(0.3850649, 0.7168786, 0.0971045)))
        tags.append(("bXYZ", xyz(0.1430804, 0.0606169, 0.7141733)))
        let curve = toneCurve()
        tags.append(("rTRC", curve))
        tags.append(("gTRC", curve))
        tags.append(("bTRC", curve))

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
        var header =
            be32(offset) + [0, 0, 0, 0] + [0x02, 0x10, 0, 0] + ascii("mntr") + ascii("RGB ")
            + ascii("XYZ ")
        header += [0x07, 0xD0, 0, 1, 0, 1, 0, 0, 0, 0, 0, 0]  // 2000-01-01 00:00:00, fixed for determinism
        header += ascii("acsp") + [UInt8](repeating: 0, count: 24)
        header += be32(0)  // perceptual intent
        header += s15(0.9642) + s15(1.0) + s15(0.8249)
        header += [UInt8](repeating: 0, count: 128 - header.count)
        return header + table + data
    }

    /// The sRGB transfer function sampled at 1024 points, as a `curv` tag.
    private static func toneCurve() -> [UInt8] {
        var out = ascii("curv") + [0, 0, 0, 0] + be32(1024)
        for i in 0..<1024 {
            let v = Double(i) / 1023
            let linear = v <= 0.04045 ? v / 12.92 : pow((v + 0.055) / 1.055, 2.4)
            let sample = Int((linear * 65535).rounded())
            out += [UInt8(sample >> 8), UInt8(sample & 0xFF)]
        }
        return out
    }

    private static func textDescription(_ text: String) -> [UInt8] {
        let chars = Array(text.utf8) + [0]
        return ascii("desc") + [0, 0, 0, 0] + be32(chars.count) + chars + be32(0) + be32(0) + [0, 0, 0]
            + [UInt8](repeating: 0, count: 67)
    }

    private static func xyz(_ x: Double, _ y: Double, _ z: Double) -> [UInt8] {
        ascii("XYZ ") + [0, 0, 0, 0] + s15(x) + s15(y) + s15(z)
    }

    private static func s15(_ value: Double) -> [UInt8] { be32(Int((value * 65536).rounded())) }
    private static func be32(_ value: Int) -> [UInt8] {
        [
            UInt8((value >> 24) & 0xFF), UInt8((value >> 16) & 0xFF), UInt8((value >> 8) & 0xFF),
            UInt8(value & 0xFF),
        ]
    }
    private static func ascii(_ text: String) -> [UInt8] { Array(text.utf8) }
}

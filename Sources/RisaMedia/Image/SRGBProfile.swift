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
        typealias ICC = ICCProfileBytes
        let curve = toneCurve()
        return ICC.assemble(
            deviceClass: "mntr", colorSpace: "RGB ", pcs: "XYZ ",
            tags: [
                ("desc", ICC.textDescription("sRGB IEC61966-2.1 (Risa)")),
                ("cprt", ICC.text("No copyright, use freely")),
                ("wtpt", ICC.xyz(0.9642, 1.0, 0.8249)),
                ("rXYZ", ICC.xyz(0.4360747, 0.2225045, 0.0139322)),
                ("gXYZ", ICC.xyz(0.3850649, 0.7168786, 0.0971045)),
                ("bXYZ", ICC.xyz(0.1430804, 0.0606169, 0.7141733)),
                ("rTRC", curve), ("gTRC", curve), ("bTRC", curve),
            ])
    }

    /// The sRGB transfer function sampled at 1024 points, as a `curv` tag.
    private static func toneCurve() -> [UInt8] {
        var out = ICCProfileBytes.ascii("curv") + [0, 0, 0, 0] + ICCProfileBytes.be32(1024)
        for i in 0..<1024 {
            let v = Double(i) / 1023
            let linear = v <= 0.04045 ? v / 12.92 : pow((v + 0.055) / 1.055, 2.4)
            out += ICCProfileBytes.be16(Int((linear * 65535).rounded()))
        }
        return out
    }
}

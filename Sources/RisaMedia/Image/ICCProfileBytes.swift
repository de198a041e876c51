/// The byte layout of an ICC version 2.1 profile: header, tag table and tag data, with the
/// encodings of the few tag types Risa writes. Used to build profiles in code (no profile file
/// needs to be installed); the header's date is fixed so the bytes never change.
enum ICCProfileBytes {
    /// A complete profile of `deviceClass` (`mntr`, `prtr`, ...) for `colorSpace` (`RGB `,
    /// `CMYK`) over the connection space `pcs` (`XYZ `, `Lab `), holding `tags` in order.
    static func assemble(
        deviceClass: String, colorSpace: String, pcs: String, tags: [(signature: String, data: [UInt8])]
    ) -> [UInt8] {
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
            be32(offset) + [0, 0, 0, 0] + [0x02, 0x10, 0, 0] + ascii(deviceClass) + ascii(colorSpace) + ascii(pcs)
        header += [0x07, 0xD0, 0, 1, 0, 1, 0, 0, 0, 0, 0, 0]  // 2000-01-01 00:00:00, fixed for determinism
        header += ascii("acsp") + [UInt8](repeating: 0, count: 24)
        header += be32(0)  // perceptual intent
        header += s15(0.9642) + s15(1.0) + s15(0.8249)  // D50
        header += [UInt8](repeating: 0, count: 128 - header.count)
        return header + table + data
    }

    /// A `desc` (textDescriptionType) tag.
    static func textDescription(_ text: String) -> [UInt8] {
        let chars = Array(text.utf8) + [0]
        return ascii("desc") + [0, 0, 0, 0] + be32(chars.count) + chars + be32(0) + be32(0) + [0, 0, 0]
            + [UInt8](repeating: 0, count: 67)
    }

    /// A `text` (textType) tag.
    static func text(_ text: String) -> [UInt8] {
        ascii("text") + [0, 0, 0, 0] + Array(text.utf8) + [0]
    }

    /// An `XYZ ` (XYZType) tag with one value.
    static func xyz(_ x: Double, _ y: Double, _ z: Double) -> [UInt8] {
        ascii("XYZ ") + [0, 0, 0, 0] + s15(x) + s15(y) + s15(z)
    }

    /// A signed 15.16 fixed-point number.
    static func s15(_ value: Double) -> [UInt8] { be32(Int((value * 65536).rounded())) }

    static func be16(_ value: Int) -> [UInt8] { [UInt8((value >> 8) & 0xFF), UInt8(value & 0xFF)] }

    static func be32(_ value: Int) -> [UInt8] {
        [UInt8((value >> 24) & 0xFF), UInt8((value >> 16) & 0xFF), UInt8((value >> 8) & 0xFF), UInt8(value & 0xFF)]
    }

    static func ascii(_ text: String) -> [UInt8] { Array(text.utf8) }
}

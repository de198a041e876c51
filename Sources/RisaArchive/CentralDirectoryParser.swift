/// Parses central directory headers (APPNOTE 4.3.12) into `ZipEntryInfo`s, with ZIP64 extra
/// fields (4.5.3) replacing the 32-bit fields that hold 0xFFFFFFFF.
enum CentralDirectoryParser {
    static func parse(_ directory: [UInt8], count: Int, archive: String) throws(ArchiveError) -> [ZipEntryInfo] {
        var reader = ByteReader(directory)
        var entries: [ZipEntryInfo] = []
        entries.reserveCapacity(min(count, directory.count / ZipRecords.centralHeaderFixedSize))
        for index in 0..<count {
            func damaged(_ what: String) -> ArchiveError {
                ArchiveError(.malformed, "\(archive) is damaged: central directory entry \(index + 1) \(what)")
            }
            guard reader.remaining >= ZipRecords.centralHeaderFixedSize else { throw damaged("is cut short") }
            guard reader.u32() == ZipRecords.centralHeaderSignature else { throw damaged("has a wrong signature") }
            let madeBy = reader.u16()!
            _ = reader.u16()  // version needed
            let flags = reader.u16()!
            let method = reader.u16()!
            _ = reader.u32()  // time and date
            let crc = reader.u32()!
            let compressed32 = reader.u32()!
            let uncompressed32 = reader.u32()!
            let nameLength = Int(reader.u16()!)
            let extraLength = Int(reader.u16()!)
            let commentLength = Int(reader.u16()!)
            _ = reader.u16()  // disk number start
            _ = reader.u16()  // internal attributes
            let external = reader.u32()!
            let offset32 = reader.u32()!
            guard let nameBytes = reader.take(nameLength), let extra = reader.take(extraLength),
                reader.take(commentLength) != nil
            else { throw damaged("is cut short") }
            guard let name = String(validating: nameBytes, as: UTF8.self) else {
                throw ArchiveError(
                    .malformed,
                    "\(archive): central directory entry \(index + 1) has a name that is not UTF-8 "
                        + "(\(String(decoding: nameBytes, as: UTF8.self))); re-create the archive with UTF-8 names")
            }
            var uncompressed = UInt64(uncompressed32)
            var compressed = UInt64(compressed32)
            var offset = UInt64(offset32)
            if uncompressed32 == 0xFFFF_FFFF || compressed32 == 0xFFFF_FFFF || offset32 == 0xFFFF_FFFF {
                guard var zip64 = zip64Field(in: Array(extra)) else {
                    throw ArchiveError(
                        .malformed, "\(archive) is damaged: entry \(name) lacks its ZIP64 extra field", entry: name)
                }
                func next() throws(ArchiveError) -> UInt64 {
                    guard let value = zip64.u64() else {
                        throw ArchiveError(
                            .malformed, "\(archive) is damaged: entry \(name) has a short ZIP64 extra field",
                            entry: name)
                    }
                    return value
                }
                if uncompressed32 == 0xFFFF_FFFF { uncompressed = try next() }
                if compressed32 == 0xFFFF_FFFF { compressed = try next() }
                if offset32 == 0xFFFF_FFFF { offset = try next() }
            }
            let unix = madeBy >> 8 == 3
            entries.append(
                ZipEntryInfo(
                    path: name, method: method, crc32: crc, compressedSize: compressed, uncompressedSize: uncompressed,
                    flags: flags, unixMode: unix ? external >> 16 : nil, localHeaderOffset: offset,
                    dosDirectory: external & 0x10 != 0))
        }
        return entries
    }

    /// The data of the ZIP64 extended information field (header ID 1) in `extra`, if present.
    static func zip64Field(in extra: [UInt8]) -> ByteReader? {
        var reader = ByteReader(extra)
        while reader.remaining >= 4 {
            let id = reader.u16()!
            let length = Int(reader.u16()!)
            guard let data = reader.take(length) else { return nil }
            if id == ZipRecords.zip64ExtraID { return ByteReader(Array(data)) }
        }
        return nil
    }
}

import Foundation
import RisaCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The binary file format of the stat cache, chosen so 10,000 entries load and save in a few
/// milliseconds: the magic `RISASC01` and the entry count (u32), then per entry the path length
/// (u32) and UTF-8 path, size,
/// modification seconds and nanoseconds (i64), inode and device (u64), all little-endian, and the
/// 64 hex digits of the digest.
enum StatCacheFile {
    static let magic = Array("RISASC01".utf8)

    static func encode(_ entries: [String: StatCache.Entry]) -> Data {
        var data = Data()
        data.reserveCapacity(magic.count + entries.count * 160)
        data.append(contentsOf: magic)
        append(UInt32(entries.count), to: &data)
        for (path, entry) in entries {
            let pathBytes = Array(path.utf8)
            append(UInt32(pathBytes.count), to: &data)
            data.append(contentsOf: pathBytes)
            append(entry.size, to: &data)
            append(entry.seconds, to: &data)
            append(entry.nanoseconds, to: &data)
            append(entry.inode, to: &data)
            append(entry.device, to: &data)
            data.append(contentsOf: entry.digest.hex.utf8)
        }
        return data
    }

    /// The entries in the file at `path`; empty when the file is missing or damaged, since losing the
    /// cache only costs re-reading files.
    static func load(path: String) -> [String: StatCache.Entry] {
        guard let data = FileManager.default.contents(atPath: path) else { return [:] }
        return decode(data) ?? [:]
    }

    static func decode(_ data: Data) -> [String: StatCache.Entry]? {
        data.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) -> [String: StatCache.Entry]? in
            guard bytes.count >= magic.count, bytes.prefix(magic.count).elementsEqual(magic) else { return nil }
            var reader = Reader(bytes: bytes, offset: magic.count)
            guard let count = reader.read(UInt32.self), Int(count) <= bytes.count / 100 else { return nil }
            var entries: [String: StatCache.Entry] = [:]
            entries.reserveCapacity(Int(count))
            while reader.offset < bytes.count {
                guard let pathLength = reader.read(UInt32.self),
                    let path = reader.string(count: Int(pathLength)),
                    let size = reader.read(Int64.self), let seconds = reader.read(Int64.self),
                    let nanoseconds = reader.read(Int64.self), let inode = reader.read(UInt64.self),
                    let device = reader.read(UInt64.self), let hex = reader.string(count: 64),
                    let digest = Digest(hex: hex)
                else { return nil }
                entries[path] = StatCache.Entry(
                    size: size, seconds: seconds, nanoseconds: nanoseconds, inode: inode, device: device, digest: digest
                )
            }
            return entries.count == count ? entries : nil
        }
    }

    private static func append<Number: FixedWidthInteger>(_ number: Number, to data: inout Data) {
        withUnsafeBytes(of: number.littleEndian) { data.append(contentsOf: $0) }
    }

    private struct Reader {
        let bytes: UnsafeRawBufferPointer
        var offset: Int

        mutating func read<Number: FixedWidthInteger>(_ type: Number.Type) -> Number? {
            let width = MemoryLayout<Number>.size
            guard offset + width <= bytes.count else { return nil }
            let value = bytes.loadUnaligned(fromByteOffset: offset, as: Number.self)
            offset += width
            return Number(littleEndian: value)
        }

        /// The next `count` bytes as text; invalid UTF-8 is repaired rather than refused, which at
        /// worst yields a path no file has (a cache miss).
        mutating func string(count: Int) -> String? {
            guard count >= 0, offset + count <= bytes.count else { return nil }
            let text = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[offset..<offset + count]), as: UTF8.self)
            offset += count
            return text
        }
    }
}

internal import CZlib

/// CRC-32 (the ZIP polynomial) through zlib's `crc32_z`, which processes several bytes per step.
enum CRC32 {
    /// Continues `crc` over `count` bytes at `bytes` (start with 0).
    static func update(_ crc: UInt32, _ bytes: UnsafeRawPointer, count: Int) -> UInt32 {
        UInt32(truncatingIfNeeded: crc32_z(UInt(crc), bytes.assumingMemoryBound(to: UInt8.self), count))
    }

    /// The CRC-32 of `bytes`.
    static func checksum(_ bytes: [UInt8]) -> UInt32 {
        bytes.withUnsafeBytes { buffer in
            guard let base = buffer.baseAddress else { return 0 }
            return update(0, base, count: buffer.count)
        }
    }
}

/// A raw-deflate compressor (no zlib header, as ZIP stores it) owning one zlib stream, reset for
/// each entry so its allocation is reused.
///
/// The output is a pure function of the input bytes, the level and zlib's version: the same
/// content gives the same bytes with the same zlib.
final class Deflater {
    private let stream: UnsafeMutablePointer<z_stream>

    /// Creates a compressor at `level` (0-9).
    init(level: Int) throws(ArchiveError) {
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        let result = risa_deflate_init_raw(stream, Int32(level))
        guard result == Z_OK else {
            stream.deallocate()
            throw ArchiveError.zlib(result, message: nil, "deflate setup", entry: "(none)")
        }
    }

    deinit {
        deflateEnd(stream)
        stream.deallocate()
    }

    /// Starts a new entry.
    func reset() {
        deflateReset(stream)
    }

    /// Compresses `input` into `output`, as far as `output` has room.
    /// - Parameters:
    ///   - input: the next input bytes; the pointer must stay valid until all of them are consumed.
    ///   - finish: whether this is the last input of the entry.
    ///   - output: room for compressed bytes.
    ///   - entry: the archive path, for errors.
    /// - Returns: how many input bytes were consumed, how many output bytes were produced, and
    ///   whether the entry's stream is complete (only with `finish`).
    func compress(
        _ input: UnsafeRawBufferPointer, finish: Bool, into output: UnsafeMutableRawBufferPointer, entry: String
    ) throws(ArchiveError) -> (consumed: Int, produced: Int, done: Bool) {
        stream.pointee.next_in = UnsafeMutablePointer(mutating: input.baseAddress?.assumingMemoryBound(to: Bytef.self))
        stream.pointee.avail_in = uInt(input.count)
        stream.pointee.next_out = output.baseAddress?.assumingMemoryBound(to: Bytef.self)
        stream.pointee.avail_out = uInt(output.count)
        let result = deflate(stream, finish ? Z_FINISH : Z_NO_FLUSH)
        let consumed = input.count - Int(stream.pointee.avail_in)
        let produced = output.count - Int(stream.pointee.avail_out)
        switch result {
        case Z_STREAM_END:
            return (consumed, produced, true)
        case Z_OK, Z_BUF_ERROR:
            // Z_BUF_ERROR only means no progress was possible with the room given; the caller
            // flushes its output and calls again.
            return (consumed, produced, false)
        default:
            throw ArchiveError.zlib(result, message: message, "deflate", entry: entry)
        }
    }

    private var message: String? { stream.pointee.msg.map { String(cString: $0) } }
}

/// A raw-inflate decompressor owning one zlib stream, reset for each entry.
final class Inflater {
    private let stream: UnsafeMutablePointer<z_stream>

    /// Creates a decompressor.
    init() throws(ArchiveError) {
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        let result = risa_inflate_init_raw(stream)
        guard result == Z_OK else {
            stream.deallocate()
            throw ArchiveError.zlib(result, message: nil, "inflate setup", entry: "(none)")
        }
    }

    deinit {
        inflateEnd(stream)
        stream.deallocate()
    }

    /// Starts a new entry.
    func reset() {
        inflateReset(stream)
    }

    /// Decompresses from `input` into `output`, as far as either allows.
    /// - Returns: the input bytes consumed, the output bytes produced, and whether the deflate
    ///   stream ended.
    func decompress(
        _ input: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer, entry: String
    ) throws(ArchiveError) -> (consumed: Int, produced: Int, done: Bool) {
        stream.pointee.next_in = UnsafeMutablePointer(mutating: input.baseAddress?.assumingMemoryBound(to: Bytef.self))
        stream.pointee.avail_in = uInt(input.count)
        stream.pointee.next_out = output.baseAddress?.assumingMemoryBound(to: Bytef.self)
        stream.pointee.avail_out = uInt(output.count)
        let result = inflate(stream, Z_NO_FLUSH)
        let consumed = input.count - Int(stream.pointee.avail_in)
        let produced = output.count - Int(stream.pointee.avail_out)
        switch result {
        case Z_STREAM_END:
            return (consumed, produced, true)
        case Z_OK, Z_BUF_ERROR:
            // Z_BUF_ERROR only means no progress was possible: the caller gives more input.
            return (consumed, produced, false)
        case Z_NEED_DICT:
            throw ArchiveError.zlib(Z_DATA_ERROR, message: "a preset dictionary is required", "inflate", entry: entry)
        default:
            throw ArchiveError.zlib(result, message: message, "inflate", entry: entry)
        }
    }

    private var message: String? { stream.pointee.msg.map { String(cString: $0) } }
}

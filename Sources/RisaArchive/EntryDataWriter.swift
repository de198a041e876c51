/// Writes one entry at a time into the archive: its local header as a placeholder, its data
/// (stored, or deflated when that saves enough), then the header patched with the CRC and sizes.
///
/// One pass per entry in the common case: an already-compressed format is stored at once, and
/// other data is deflated; only when deflate saves too little is the entry re-read and stored.
final class EntryDataWriter {
    private let output: OutputBuffer
    private let options: ZipWriterOptions
    private let thresholds: Zip64Thresholds
    private let inputBuffer: UnsafeMutableRawBufferPointer
    private var deflater: Deflater?
    /// The least free space worth reading into before flushing the output buffer.
    private let minimumChunk: Int

    init(output: OutputBuffer, options: ZipWriterOptions, thresholds: Zip64Thresholds) {
        self.output = output
        self.options = options
        self.thresholds = thresholds
        inputBuffer = .allocate(byteCount: options.bufferSize, alignment: 4096)
        minimumChunk = min(options.bufferSize, 64 << 10)
    }

    deinit { inputBuffer.deallocate() }

    /// Writes the entry named `name` (display form `path`) from `input`, `size` bytes long.
    func write(
        name: [UInt8], path: String, input: inout EntryInput, size: UInt64
    ) throws(ArchiveError)
        -> WrittenEntry
    {
        let headerOffset = output.position
        let zip64 = size >= thresholds.size
        let storeAtOnce = size == 0 || options.isStoredByExtension(path)
        var method = storeAtOnce ? ZipRecords.methodStored : ZipRecords.methodDeflated
        let header = ZipRecords.localHeader(
            name: name, method: method, crc: 0, compressedSize: 0, uncompressedSize: size, zip64: zip64)
        // An entry that fits the buffer starts in a fresh stretch of it, so its header is patched
        // in memory rather than with a `pwrite` into the file.
        let whole = UInt64(header.count) + size
        if whole <= UInt64(output.capacity) { try output.reserve(Int(whole)) }
        try output.append(header)
        let dataOffset = output.position
        var crc: UInt32
        if method == ZipRecords.methodDeflated {
            let compressed: UInt64
            (crc, compressed) = try deflate(&input, size: size, path: path)
            let savingsPercent = UInt64(max(0, min(100, options.minimumSavingsPercent)))
            if compressed * 100 > size * (100 - savingsPercent) {
                method = ZipRecords.methodStored
                try output.rewind(to: dataOffset)
                try input.rewind()
                crc = try store(&input, size: size, path: path)
            }
        } else {
            crc = try store(&input, size: size, path: path)
        }
        guard try input.isAtEnd() else { throw changed(path) }
        let compressedSize = output.position - dataOffset
        try output.patch(
            ZipRecords.localHeader(
                name: name, method: method, crc: crc, compressedSize: compressedSize, uncompressedSize: size,
                zip64: zip64),
            at: headerOffset)
        return WrittenEntry(
            name: name, method: method, crc: crc, compressedSize: compressedSize, uncompressedSize: size,
            localHeaderOffset: headerOffset, localZip64: zip64)
    }

    /// Copies the data as it is, reading straight into the output buffer.
    private func store(_ input: inout EntryInput, size: UInt64, path: String) throws(ArchiveError) -> UInt32 {
        var crc: UInt32 = 0
        var remaining = size
        while remaining > 0 {
            try output.reserve(minimumChunk)
            let room = output.freeSpace
            let count = try input.read(into: room.baseAddress!, count: Int(min(UInt64(room.count), remaining)))
            guard count > 0 else { throw changed(path) }
            crc = CRC32.update(crc, room.baseAddress!, count: count)
            output.commit(count)
            remaining -= UInt64(count)
        }
        return crc
    }

    /// Deflates the data into the output buffer; returns its CRC and the compressed size.
    private func deflate(
        _ input: inout EntryInput, size: UInt64, path: String
    ) throws(ArchiveError)
        -> (UInt32, UInt64)
    {
        let deflater: Deflater
        if let existing = self.deflater {
            deflater = existing
        } else {
            deflater = try Deflater(level: options.compressionLevel)
            self.deflater = deflater
        }
        deflater.reset()
        var crc: UInt32 = 0
        var compressed: UInt64 = 0
        var remaining = size
        var done = false
        while !done {
            var count = 0
            if remaining > 0 {
                count = try input.read(
                    into: inputBuffer.baseAddress!, count: Int(min(UInt64(inputBuffer.count), remaining)))
                guard count > 0 else { throw changed(path) }
                crc = CRC32.update(crc, inputBuffer.baseAddress!, count: count)
                remaining -= UInt64(count)
            }
            let finish = remaining == 0
            var pending = UnsafeRawBufferPointer(rebasing: inputBuffer[..<count])
            while true {
                try output.reserve(minimumChunk)
                let step = try deflater.compress(pending, finish: finish, into: output.freeSpace, entry: path)
                output.commit(step.produced)
                compressed += UInt64(step.produced)
                pending = UnsafeRawBufferPointer(rebasing: pending[step.consumed...])
                if step.done {
                    done = true
                    break
                }
                if !finish && pending.isEmpty { break }
            }
        }
        return (crc, compressed)
    }

    private func changed(_ path: String) -> ArchiveError {
        ArchiveError(
            .sourceChanged, "entry \(path): its source file changed size while it was being archived; retry",
            entry: path)
    }
}

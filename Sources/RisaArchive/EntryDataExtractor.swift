#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Writes one entry's data to a new file, inflating it if needed, in bounded chunks, and checks
/// its size and CRC-32 against the central directory as it goes.
final class EntryDataExtractor {
    private let archive: ZipArchive
    private let limits: ExtractionLimits
    private let input: UnsafeMutableRawBufferPointer
    private let output: UnsafeMutableRawBufferPointer
    private var inflater: Inflater?

    init(archive: ZipArchive, limits: ExtractionLimits, bufferSize: Int = 1 << 20) throws(ArchiveError) {
        self.archive = archive
        self.limits = limits
        input = .allocate(byteCount: bufferSize, alignment: 4096)
        output = .allocate(byteCount: bufferSize, alignment: 4096)
    }

    deinit {
        input.deallocate()
        output.deallocate()
    }

    /// Extracts `item` to the new file `target`; returns the bytes written.
    func extract(_ item: ExtractionPlan.Item, to target: String, totalSoFar: UInt64) throws(ArchiveError) -> UInt64 {
        let entry = item.entry
        let file: FileDescriptor
        do {
            file = try FileDescriptor(
                target, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, mode: 0o644, operation: "create")
        } catch {
            throw error.about(entry: entry.path, context: "entry \(entry.path)")
        }
        var crc: UInt32 = 0
        var written: UInt64 = 0
        let sink = { (bytes: UnsafeRawBufferPointer) throws(ArchiveError) in
            written += UInt64(bytes.count)
            guard written <= entry.uncompressedSize else {
                throw ArchiveError(
                    .corrupt, "entry \(entry.path) in \(self.archive.path) holds more data than its declared size",
                    entry: entry.path)
            }
            guard totalSoFar + written <= self.limits.maximumTotalBytes else {
                throw ArchiveError(
                    .limitExceeded,
                    "\(self.archive.path) extracts to more than \(self.limits.maximumTotalBytes) bytes "
                        + "(limit reached at entry \(entry.path))",
                    entry: entry.path)
            }
            crc = CRC32.update(crc, bytes.baseAddress!, count: bytes.count)
            try file.writeAll(bytes)
        }
        if entry.method == ZipRecords.methodStored {
            try copyStored(entry, dataOffset: item.dataOffset, sink: sink)
        } else {
            try inflate(entry, dataOffset: item.dataOffset, sink: sink)
        }
        guard written == entry.uncompressedSize else {
            throw ArchiveError(
                .corrupt,
                "entry \(entry.path) in \(archive.path) extracts to \(written) bytes, "
                    + "not the \(entry.uncompressedSize) its header declares",
                entry: entry.path)
        }
        guard crc == entry.crc32 else {
            throw ArchiveError(
                .corrupt, "entry \(entry.path) in \(archive.path) is corrupt: its CRC-32 does not match",
                entry: entry.path)
        }
        return written
    }

    private func copyStored(
        _ entry: ZipEntryInfo, dataOffset: UInt64, sink: (UnsafeRawBufferPointer) throws(ArchiveError) -> Void
    ) throws(ArchiveError) {
        var done: UInt64 = 0
        while done < entry.compressedSize {
            let count = Int(min(UInt64(input.count), entry.compressedSize - done))
            try archive.file.readExactly(into: input.baseAddress!, count: count, at: dataOffset + done)
            try sink(UnsafeRawBufferPointer(rebasing: input[..<count]))
            done += UInt64(count)
        }
    }

    private func inflate(
        _ entry: ZipEntryInfo, dataOffset: UInt64, sink: (UnsafeRawBufferPointer) throws(ArchiveError) -> Void
    ) throws(ArchiveError) {
        let inflater: Inflater
        if let existing = self.inflater {
            inflater = existing
        } else {
            inflater = try Inflater()
            self.inflater = inflater
        }
        inflater.reset()
        var read: UInt64 = 0
        var done = false
        while !done {
            guard read < entry.compressedSize else {
                throw ArchiveError(
                    .corrupt, "entry \(entry.path) in \(archive.path) is corrupt: its compressed data ends early",
                    entry: entry.path)
            }
            let count = Int(min(UInt64(input.count), entry.compressedSize - read))
            try archive.file.readExactly(into: input.baseAddress!, count: count, at: dataOffset + read)
            read += UInt64(count)
            var pending = UnsafeRawBufferPointer(rebasing: input[..<count])
            while true {
                let step = try inflater.decompress(pending, into: output, entry: entry.path)
                try sink(UnsafeRawBufferPointer(rebasing: output[..<step.produced]))
                pending = UnsafeRawBufferPointer(rebasing: pending[step.consumed...])
                if step.done {
                    done = true
                    break
                }
                // More input is needed once zlib has taken all of it and had room to spare.
                let stalled = step.consumed == 0 && step.produced == 0
                if stalled || (pending.isEmpty && step.produced < output.count) { break }
            }
            if done && !pending.isEmpty { throw trailingData(entry) }
        }
        guard read == entry.compressedSize else { throw trailingData(entry) }
    }

    private func trailingData(_ entry: ZipEntryInfo) -> ArchiveError {
        ArchiveError(
            .corrupt, "entry \(entry.path) in \(archive.path) is corrupt: data continues after its deflate stream",
            entry: entry.path)
    }
}

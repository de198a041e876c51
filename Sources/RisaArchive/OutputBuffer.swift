/// A large write buffer in front of the archive file that knows the file offset of every byte,
/// so headers still in the buffer are patched in memory and older ones with `pwrite`.
///
/// Entry data is read straight into its free space (`freeSpace`, then `commit`), so each byte is
/// copied once into the buffer and once into the kernel.
final class OutputBuffer {
    private let file: FileDescriptor
    private let storage: UnsafeMutableRawBufferPointer
    /// The file offset of the buffer's first byte.
    private var base: UInt64 = 0
    private var count = 0

    init(file: FileDescriptor, capacity: Int) {
        self.file = file
        storage = .allocate(byteCount: capacity, alignment: 4096)
    }

    deinit { storage.deallocate() }

    /// The buffer's size.
    var capacity: Int { storage.count }

    /// The file offset the next byte will have.
    var position: UInt64 { base + UInt64(count) }

    /// The room left in the buffer; empty when it is full.
    var freeSpace: UnsafeMutableRawBufferPointer {
        UnsafeMutableRawBufferPointer(rebasing: storage[count...])
    }

    /// Counts `byteCount` bytes written into `freeSpace` as part of the output.
    func commit(_ byteCount: Int) {
        count += byteCount
    }

    /// Makes at least `minimum` bytes of free space, flushing when needed.
    func reserve(_ minimum: Int) throws(ArchiveError) {
        if storage.count - count < minimum { try flush() }
    }

    func append(_ bytes: [UInt8]) throws(ArchiveError) {
        var offset = 0
        while offset < bytes.count {
            if count == storage.count { try flush() }
            let chunk = min(bytes.count - offset, storage.count - count)
            bytes.withUnsafeBytes { source in
                storage.baseAddress!.advanced(by: count).copyMemory(
                    from: source.baseAddress!.advanced(by: offset), byteCount: chunk)
            }
            count += chunk
            offset += chunk
        }
    }

    /// Overwrites bytes already output at file offset `offset` (in the buffer or in the file).
    func patch(_ bytes: [UInt8], at offset: UInt64) throws(ArchiveError) {
        if offset >= base {
            let start = Int(offset - base)
            precondition(start + bytes.count <= count, "patching bytes not yet written")
            bytes.withUnsafeBytes { source in
                storage.baseAddress!.advanced(by: start).copyMemory(from: source.baseAddress!, byteCount: source.count)
            }
        } else {
            // The patch may straddle the buffer's start: flush first so the file holds every byte
            // it covers, then write in place.
            try flush()
            let outcome = bytes.withUnsafeBytes { source in
                Result { () throws(ArchiveError) in try file.writeAll(source, at: offset) }
            }
            try outcome.get()
        }
    }

    /// Forgets everything output from file offset `offset` on.
    func rewind(to offset: UInt64) throws(ArchiveError) {
        if offset >= base {
            count = Int(offset - base)
        } else {
            count = 0
            try file.truncate(at: offset)
            base = offset
        }
    }

    /// Writes the buffered bytes to the file.
    func flush() throws(ArchiveError) {
        guard count > 0 else { return }
        try file.writeAll(UnsafeRawBufferPointer(rebasing: storage[..<count]))
        base += UInt64(count)
        count = 0
    }
}

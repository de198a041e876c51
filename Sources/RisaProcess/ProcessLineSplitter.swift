import Glibc

/// Turns the bytes of one output stream into lines as they arrive.
///
/// Lines end at `\n`, and a `\r` just before it is dropped. A line longer than `maximumByteCount`
/// is handed over in pieces of at most that size as soon as they are complete, so that a child
/// writing without newlines cannot make the runner buffer without bound; cuts fall between UTF-8
/// characters when the bytes allow. Invalid UTF-8 becomes U+FFFD.
struct ProcessLineSplitter {
    /// The longest piece handed over at once, in bytes.
    let maximumByteCount: Int
    /// Bytes of the line being read, never more than `maximumByteCount` between calls.
    private var pending: [UInt8] = []

    /// Creates a splitter.
    ///
    /// - Parameter maximumByteCount: The longest piece handed over at once; at least 4, so that
    ///   any UTF-8 character fits.
    init(maximumByteCount: Int = SubprocessOutputLine.maximumByteCount) {
        precondition(maximumByteCount >= 4, "a line piece must hold any UTF-8 character")
        self.maximumByteCount = maximumByteCount
    }

    /// Adds bytes read from the stream and hands over every line (or piece) they complete.
    mutating func append(_ chunk: UnsafeRawBufferPointer, emit: (String) -> Void) {
        guard let base = chunk.baseAddress else { return }
        var start = 0
        // memchr rather than a Swift loop: this runs for every byte a child writes.
        while start < chunk.count, let found = memchr(base + start, 0x0A, chunk.count - start) {
            let end = base.distance(to: UnsafeRawPointer(found))
            pending.append(contentsOf: UnsafeRawBufferPointer(rebasing: chunk[start..<end]))
            emitPending(emit)
            start = end + 1
        }
        if start < chunk.count {
            pending.append(contentsOf: UnsafeRawBufferPointer(rebasing: chunk[start...]))
        }
        // Only a line known to be longer than the limit is cut: one of exactly the limit followed
        // by a newline must arrive whole, not as itself and an empty line.
        while pending.count > maximumByteCount {
            let cut = Self.cutIndex(pending, limit: maximumByteCount)
            emit(String(decoding: pending[..<cut], as: UTF8.self))
            pending.removeFirst(cut)
        }
    }

    /// Hands over the last line if the stream ended without a newline.
    mutating func finish(emit: (String) -> Void) {
        if !pending.isEmpty { emitPending(emit) }
    }

    /// Hands over the pending bytes as one complete line, in pieces if it is too long.
    private mutating func emitPending(_ emit: (String) -> Void) {
        if pending.last == 0x0D { pending.removeLast() }
        var start = 0
        while pending.count - start > maximumByteCount {
            let cut = start + Self.cutIndex(pending[start...], limit: maximumByteCount)
            emit(String(decoding: pending[start..<cut], as: UTF8.self))
            start = cut
        }
        emit(String(decoding: pending[start...], as: UTF8.self))
        pending.removeAll(keepingCapacity: true)
    }

    /// Where to cut `bytes`, longer than `limit`, so that the first piece is at most `limit` bytes
    /// and, if possible, does not end inside a character: the cut backs off over continuation bytes
    /// (10xxxxxx), at most three since a UTF-8 character has at most four bytes.
    static func cutIndex(_ bytes: some RandomAccessCollection<UInt8>, limit: Int) -> Int {
        let first = bytes.startIndex
        func isContinuation(_ offset: Int) -> Bool {
            bytes[bytes.index(first, offsetBy: offset)] & 0xC0 == 0x80
        }
        var cut = limit
        while cut > limit - 3, isContinuation(cut) { cut -= 1 }
        return isContinuation(cut) ? limit : cut
    }
}

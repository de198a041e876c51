import RisaCore

import struct Crypto.SHA256

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reads files in 1 MiB chunks into SHA-256, optionally writing each chunk to a second file, so a
/// copy into the store costs one pass over the data. Large files are hashed on a second thread
/// while being read (see `PipelinedHasher`).
enum FileHasher {
    /// Bytes read per system call.
    static let chunkSize = 1 << 20

    /// The digest and length of everything left to read from `fd`.
    static func digest(of fd: Int32, path: String) throws -> (digest: Digest, size: Int64) {
        try pass(from: fd, path: path, copyingTo: nil, destinationPath: "")
    }

    /// Copies the rest of `source` to `destination` and returns the digest and length of the bytes.
    static func copy(
        from source: Int32, path: String, to destination: Int32, destinationPath: String
    ) throws
        -> (digest: Digest, size: Int64)
    {
        try pass(from: source, path: path, copyingTo: destination, destinationPath: destinationPath)
    }

    /// Files at least this large are hashed on a second thread while the calling thread reads and
    /// copies (see `PipelinedHasher`); below it, starting a thread costs more than it saves.
    static let pipelineThreshold: Int64 = 8 << 20

    private static func pass(
        from source: Int32, path: String, copyingTo destination: Int32?, destinationPath: String
    )
        throws -> (digest: Digest, size: Int64)
    {
        let size = try POSIX.status(of: source, path).size
        if size >= pipelineThreshold {
            return try PipelinedHasher.run(
                from: source, path: path, copyingTo: destination, destinationPath: destinationPath)
        }
        // A small file gets a buffer of its size (plus a byte, so one read reaches the end):
        // allocating a whole chunk maps and unmaps fresh memory for every small output.
        let capacity = size < Int64(chunkSize) ? (Int(size) + 1 + 4095) & ~4095 : chunkSize
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: capacity, alignment: 4096)
        defer { buffer.deallocate() }
        var hasher = SHA256()
        var total: Int64 = 0
        while true {
            let count = try POSIX.readChunk(source, into: buffer, path)
            if count == 0 { break }
            let chunk = UnsafeRawBufferPointer(rebasing: buffer[0..<count])
            hasher.update(bufferPointer: chunk)
            if let destination { try POSIX.writeAll(destination, chunk, destinationPath) }
            total += Int64(count)
        }
        return (Digest(hasher.finalize()), total)
    }
}

import Glibc

/// Reads a child's standard output and error as `poll(2)` reports them ready, and hands their lines
/// to the caller's callback. Used by the supervisor thread alone.
///
/// Both pipes are read as data arrives, so a child filling one of them while the runner would be
/// blocked on the other cannot happen.
struct ProcessOutputPump {
    private struct Source {
        let stream: SubprocessOutputLine.Stream
        /// The read end; -1 once closed.
        var descriptor: Int32
        var splitter = ProcessLineSplitter()
    }

    private var sources: [Source]
    private var buffer = [UInt8](repeating: 0, count: 64 * 1024)
    private let onOutput: @Sendable (SubprocessOutputLine) -> Void
    /// The error number of the first failed read, if any.
    private(set) var readError: Int32?

    /// Takes ownership of the child's pipe read ends.
    init(child: SpawnedProcess, onOutput: @escaping @Sendable (SubprocessOutputLine) -> Void) {
        sources = [
            Source(stream: .stdout, descriptor: child.stdout),
            Source(stream: .stderr, descriptor: child.stderr),
        ]
        self.onOutput = onOutput
    }

    /// Whether both streams have reached their end.
    var isFinished: Bool { sources.allSatisfy { $0.descriptor < 0 } }

    /// The `poll` entries of the streams still open.
    var pollDescriptors: [pollfd] {
        sources.filter { $0.descriptor >= 0 }.map { pollfd(fd: $0.descriptor, events: Int16(POLLIN), revents: 0) }
    }

    /// Reads once from each stream `polled` reports ready (readable, at its end, or in error).
    mutating func service(_ polled: some Sequence<pollfd>) {
        for entry in polled where entry.revents != 0 {
            guard let index = sources.firstIndex(where: { $0.descriptor == entry.fd }) else { continue }
            read(index)
        }
    }

    /// Hands over the streams' unfinished last lines and closes them: at the end of the run, or
    /// when output is no longer awaited.
    mutating func finish() {
        for index in sources.indices where sources[index].descriptor >= 0 {
            end(index)
        }
    }

    private mutating func read(_ index: Int) {
        let count = buffer.withUnsafeMutableBytes { Glibc.read(sources[index].descriptor, $0.baseAddress, $0.count) }
        if count > 0 {
            let stream = sources[index].stream
            let onOutput = onOutput
            buffer.withUnsafeBytes { bytes in
                sources[index].splitter.append(UnsafeRawBufferPointer(rebasing: bytes[..<count])) {
                    onOutput(SubprocessOutputLine(stream: stream, text: $0))
                }
            }
        } else if count == 0 {
            end(index)
        } else if errno != EINTR && errno != EAGAIN {
            readError = readError ?? errno
            end(index)
        }
    }

    private mutating func end(_ index: Int) {
        let stream = sources[index].stream
        sources[index].splitter.finish { onOutput(SubprocessOutputLine(stream: stream, text: $0)) }
        close(sources[index].descriptor)
        sources[index].descriptor = -1
    }
}

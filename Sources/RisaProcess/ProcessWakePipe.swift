import Glibc
import Synchronization

/// A pipe that wakes the supervisor thread out of `poll(2)` when something happens elsewhere: the
/// child exited (seen by the exit watcher thread) or the awaiting task was cancelled.
///
/// Posting and closing happen under one lock, so a late post (a cancellation racing the end of the
/// run) finds the pipe closed instead of writing into a descriptor number the process may already
/// have reused.
final class ProcessWakePipe: Sendable {
    /// What happened; one byte each in the pipe.
    enum Event: UInt8, Sendable {
        /// The child exited (it is not reaped yet).
        case childExited = 0x78
        /// The task awaiting the child was cancelled.
        case cancelRequested = 0x63
    }

    /// The end the supervisor polls and drains.
    let readEnd: Int32
    /// The end events are posted to; -1 once closed.
    private let writeEnd: Mutex<Int32>

    /// Creates the pipe, non-blocking and close-on-exec at both ends.
    ///
    /// - Parameter executable: The child's name, for error messages.
    init(executable: String) throws {
        var ends: [Int32] = [-1, -1]
        guard let pipe2 = GlibcExtensions.pipe2, pipe2(&ends, O_CLOEXEC | O_NONBLOCK) == 0 else {
            throw SubprocessError(
                code: .io, executable: executable,
                message: "cannot run '\(executable)': cannot create the runner's wake-up pipe (too many open files?)",
                errno: GlibcExtensions.pipe2 == nil ? ENOSYS : errno)
        }
        readEnd = ends[0]
        writeEnd = Mutex(ends[1])
    }

    /// Records `event` for the supervisor; does nothing once the pipe is closed.
    func post(_ event: Event) {
        writeEnd.withLock { descriptor in
            guard descriptor >= 0 else { return }
            var byte = event.rawValue
            // At most two bytes are ever posted per run (one exit, one cancellation), far below a
            // pipe's capacity, so EAGAIN cannot occur.
            while write(descriptor, &byte, 1) < 0, errno == EINTR {}
        }
    }

    /// The events posted since the last call, in order; empty when none are waiting.
    func drain() -> [Event] {
        var events: [Event] = []
        var buffer = [UInt8](repeating: 0, count: 64)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(readEnd, $0.baseAddress, $0.count) }
            if count > 0 {
                events += buffer[..<count].compactMap(Event.init(rawValue:))
            } else if count < 0, errno == EINTR {
                continue
            } else {
                return events
            }
        }
    }

    /// Closes both ends; later posts are ignored.
    func close() {
        writeEnd.withLock { descriptor in
            guard descriptor >= 0 else { return }
            Glibc.close(descriptor)
            Glibc.close(readEnd)
            descriptor = -1
        }
    }
}

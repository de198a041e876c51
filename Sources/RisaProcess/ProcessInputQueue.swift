import Glibc
import Synchronization

/// The bytes waiting to go to an interactive child's standard input, and the pipe that wakes its
/// supervisor thread when some arrive.
///
/// Any thread may enqueue; only the supervisor thread writes to the child, without blocking (the
/// descriptor is non-blocking and polled for `POLLOUT`), so that a child that stops reading never
/// blocks a caller. The input descriptor and the wake-up pipe are closed under the same lock that
/// guards enqueueing, so a late caller finds them closed instead of writing into a reused number.
final class ProcessInputQueue: Sendable {
    private struct State {
        /// The write end of the child's standard input; -1 once closed.
        var descriptor: Int32
        /// The write end of the wake-up pipe; -1 once closed.
        var notifyWrite: Int32
        var pending: [UInt8] = []
        /// How much of `pending` was written already.
        var written = 0
        var closeRequested = false
        /// Why writing stopped early: the child closed its input (EPIPE) or another write error.
        var failure: Int32?
    }

    /// The read end of the wake-up pipe, polled by the supervisor.
    let notifyRead: Int32
    private let executable: String
    private let state: Mutex<State>

    /// Takes charge of `descriptor`, the write end of the child's standard input.
    ///
    /// - Throws: ``SubprocessError`` `.io` when the wake-up pipe cannot be made; `descriptor` is
    ///   closed then.
    init(descriptor: Int32, executable: String) throws(SubprocessError) {
        var ends: [Int32] = [-1, -1]
        guard let pipe2 = GlibcExtensions.pipe2, pipe2(&ends, O_CLOEXEC | O_NONBLOCK) == 0 else {
            let failure = GlibcExtensions.pipe2 == nil ? ENOSYS : errno
            Glibc.close(descriptor)
            throw SubprocessError(
                code: .io, executable: executable,
                message: "cannot run '\(executable)': cannot create its input's wake-up pipe (too many open files?)",
                errno: failure)
        }
        _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) | O_NONBLOCK)
        notifyRead = ends[0]
        self.executable = executable
        state = Mutex(State(descriptor: descriptor, notifyWrite: ends[1]))
    }

    /// Queues `bytes` for the child.
    ///
    /// - Throws: ``SubprocessError`` `.io` when the input was closed, or the child stopped reading it.
    func enqueue(_ bytes: [UInt8]) throws(SubprocessError) {
        try state.withLock { (state: inout State) throws(SubprocessError) in
            guard state.descriptor >= 0, !state.closeRequested else {
                throw SubprocessError(
                    code: .io, executable: executable,
                    message: "cannot write to '\(executable)': its standard input is closed"
                        + (state.failure == EPIPE ? " (the process stopped reading it or exited)" : ""),
                    errno: state.failure)
            }
            state.pending.append(contentsOf: bytes)
            Self.notify(state.notifyWrite)
        }
    }

    /// Closes the child's input once everything queued is written: the child reads end of file.
    func requestClose() {
        state.withLock { state in
            state.closeRequested = true
            Self.notify(state.notifyWrite)
        }
    }

    /// Whether the supervisor should poll the input for `POLLOUT`, and on which descriptor.
    var writableDescriptor: Int32? {
        state.withLock { $0.descriptor >= 0 && $0.written < $0.pending.count ? $0.descriptor : nil }
    }

    /// Empties the wake-up pipe (supervisor thread).
    func drainNotifications() {
        var buffer = [UInt8](repeating: 0, count: 64)
        while buffer.withUnsafeMutableBytes({ read(notifyRead, $0.baseAddress, $0.count) }) > 0 {}
    }

    /// Writes what the pipe takes without blocking, and closes the input when asked to and
    /// everything is written (supervisor thread).
    func flush() {
        state.withLock { state in
            while state.descriptor >= 0, state.written < state.pending.count {
                let count = state.pending.withUnsafeBytes { bytes in
                    write(state.descriptor, bytes.baseAddress! + state.written, bytes.count - state.written)
                }
                if count > 0 {
                    state.written += count
                } else if count < 0, errno == EINTR {
                    continue
                } else if count < 0, errno == EAGAIN {
                    return
                } else {
                    state.failure = errno
                    Glibc.close(state.descriptor)
                    state.descriptor = -1
                }
            }
            state.pending.removeAll(keepingCapacity: true)
            state.written = 0
            if state.closeRequested, state.descriptor >= 0 {
                Glibc.close(state.descriptor)
                state.descriptor = -1
            }
        }
    }

    /// Closes everything: the child's input and the wake-up pipe. Later enqueues throw.
    func close() {
        state.withLock { state in
            if state.descriptor >= 0 { Glibc.close(state.descriptor) }
            if state.notifyWrite >= 0 {
                Glibc.close(state.notifyWrite)
                Glibc.close(notifyRead)
            }
            state.descriptor = -1
            state.notifyWrite = -1
            state.pending = []
        }
    }

    private static func notify(_ descriptor: Int32) {
        guard descriptor >= 0 else { return }
        var byte: UInt8 = 1
        // EAGAIN means the pipe is full, so the supervisor has a wake-up waiting already.
        while write(descriptor, &byte, 1) < 0, errno == EINTR {}
    }
}

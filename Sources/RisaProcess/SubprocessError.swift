import Glibc

/// Why a child process could not be run: it could not be started, or the runner lost track of it.
///
/// A child that runs and fails (non-zero exit, killed by a signal) is not an error: that is in its
/// ``SubprocessResult``.
public struct SubprocessError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of failure this is.
    public enum Code: String, Sendable, Hashable {
        /// The executable does not exist, is not in `PATH`, or its `#!` interpreter is missing.
        case executableNotFound
        /// The working directory does not exist or is not a directory.
        case workingDirectoryNotFound
        /// An argument or environment entry cannot be passed to a process (a NUL byte, or a
        /// variable name that is empty or contains `=`).
        case invalidArgument
        /// The system refused to start the child (permissions, file format, resource limits).
        case spawnFailed
        /// The child's output could not be read, or a pipe or thread could not be created.
        case io
        /// The child's exit status could not be collected (for example because SIGCHLD is ignored
        /// in this process, which makes the system discard it).
        case waitFailed
    }

    /// What kind of failure this is.
    public var code: Code
    /// The executable as the caller named it.
    public var executable: String
    /// What went wrong and what to do about it, naming the executable.
    public var message: String
    /// The system's error number, when a system call failed.
    public var errno: Int32?

    /// Creates an error.
    ///
    /// - Parameters:
    ///   - code: What kind of failure this is.
    ///   - executable: The executable as the caller named it.
    ///   - message: What went wrong and what to do about it.
    ///   - errno: The system's error number, when a system call failed.
    public init(code: Code, executable: String, message: String, errno: Int32? = nil) {
        self.code = code
        self.executable = executable
        self.message = message
        self.errno = errno
    }

    /// The message, followed by the system's wording of ``errno`` when there is one.
    public var description: String {
        guard let errno else { return message }
        return "\(message) (\(String(cString: strerror(errno))), errno \(errno))"
    }
}

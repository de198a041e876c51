import Foundation

/// A child process started with `posix_spawn`, its output going straight to files.
///
/// Not Foundation's `Process`: that keeps a socket open in the test process for as long as the
/// child runs, and these tests run the binary for seconds while other test targets in the same
/// process count their open descriptors. Here the test process holds no descriptor for a child,
/// and the child inherits none of the test process's (they are closed in it before `exec`).
struct ChildProcess: Sendable {
    /// The process id.
    let pid: pid_t

    /// Starts `executable` with `arguments` in `directory`.
    /// - Parameters:
    ///   - executable: an absolute path.
    ///   - arguments: the arguments after the program name.
    ///   - directory: the working directory.
    ///   - environment: the complete environment.
    ///   - stdout: the file that receives stdout (created or truncated).
    ///   - stderr: the file that receives stderr (created or truncated).
    /// - Throws: `E2EError` when the process cannot be started.
    static func spawn(
        _ executable: String, _ arguments: [String], in directory: URL, environment: [String: String],
        stdout: String, stderr: String
    ) throws -> ChildProcess {
        guard let addChdir = SpawnExtensions.addChdir, let addClosefrom = SpawnExtensions.addClosefrom else {
            throw E2EError("this C library lacks posix_spawn_file_actions_addchdir_np or _addclosefrom_np")
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        var status = posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        if status == 0 {
            status = posix_spawn_file_actions_addopen(&actions, 1, stdout, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        }
        if status == 0 {
            status = posix_spawn_file_actions_addopen(&actions, 2, stderr, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        }
        if status == 0 { status = addClosefrom(&actions, 3) }
        if status == 0 { status = addChdir(&actions, directory.path) }
        guard status == 0 else {
            throw E2EError("cannot prepare to start \(executable): \(String(cString: strerror(status)))")
        }

        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for pointer in argv + envp { free(pointer) }
        }
        // Default signal handling and no blocked signals, as from a shell: the test process may
        // ignore SIGPIPE or block signals on the calling thread, and a child would inherit that.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t()
        var allSignals = sigset_t()
        sigemptyset(&noSignals)
        sigfillset(&allSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        posix_spawnattr_setsigdefault(&attributes, &allSignals)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        var pid: pid_t = 0
        status = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
        guard status == 0 else { throw E2EError("cannot start \(executable): \(String(cString: strerror(status)))") }
        return ChildProcess(pid: pid)
    }

    /// How the child ended: its exit status, or the number of the signal that ended it, negated;
    /// nil while it runs. Reaps the child once it has ended, so call it until it returns a value.
    func poll() -> Int32? {
        var status: Int32 = 0
        guard waitpid(pid, &status, WNOHANG) == pid else { return nil }
        let signal = status & 0x7f
        return signal == 0 ? (status >> 8) & 0xff : -signal
    }

    /// Waits for the child to end.
    /// - Parameter timeout: seconds after which the child is killed and the call throws.
    /// - Returns: as `poll()`.
    /// - Throws: `E2EError` on a timeout.
    func wait(timeout: TimeInterval) async throws -> Int32 {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            if let status = poll() { return status }
            if Date() > deadline {
                kill(pid, SIGKILL)
                _ = try await wait(timeout: 10)
                throw E2EError("process \(pid) did not finish within \(timeout) s")
            }
            try await Task.sleep(for: .milliseconds(5))
        }
    }
}

/// GNU extensions of `posix_spawn` that Swift's Glibc module does not declare (it is built
/// without `_GNU_SOURCE`), looked up by name.
private enum SpawnExtensions {
    typealias FileActions = UnsafeMutablePointer<posix_spawn_file_actions_t>?
    typealias AddChdir = @convention(c) (FileActions, UnsafePointer<CChar>?) -> Int32
    typealias AddClosefrom = @convention(c) (FileActions, Int32) -> Int32

    /// Changes the child's directory (glibc 2.29).
    static let addChdir: AddChdir? = symbol("posix_spawn_file_actions_addchdir_np")
    /// Closes the child's descriptors from a number up (glibc 2.34).
    static let addClosefrom: AddClosefrom? = symbol("posix_spawn_file_actions_addclosefrom_np")

    private static func symbol<Function>(_ name: String) -> Function? {
        guard let program = dlopen(nil, RTLD_NOW), let address = dlsym(program, name) else { return nil }
        return unsafeBitCast(address, to: Function.self)
    }
}

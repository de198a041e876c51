import Glibc

/// A child just started: its pid, which is also its process group id, and the parent's ends of
/// its pipes, which the caller now owns and must close.
struct SpawnedProcess: Sendable {
    /// The child's pid and process group id.
    let pid: pid_t
    /// The write end of the child's standard input; -1 when its input is `/dev/null`.
    var stdin: Int32 = -1
    /// The read end of the child's standard output.
    let stdout: Int32
    /// The read end of the child's standard error.
    let stderr: Int32
}

/// Starts children with `posix_spawn`: in a new process group, with standard input from
/// `/dev/null` (or a pipe, for interactive children), output into pipes, and a clean signal state.
enum ProcessSpawner {
    /// Attempts at a spawn refused with `ETXTBSY` (1, 2, 4 ... 64 ms apart: about 0.3 s in all).
    static let busyRetries = 10

    /// Starts the child `plan` describes.
    ///
    /// - Parameters:
    ///   - executable: The name the caller gave, for error messages.
    ///   - inputPipe: Whether the child reads its standard input from a pipe whose write end is
    ///     returned, rather than from `/dev/null`.
    /// - Throws: ``SubprocessError`` when a pipe cannot be made or the system refuses the spawn.
    ///   A program that is busy being written (`ETXTBSY`) is tried again for about a third of a
    ///   second first.
    static func spawn(_ plan: ProcessLaunchPlan, executable: String, inputPipe: Bool = false) throws -> SpawnedProcess {
        var made: [(read: Int32, write: Int32)] = []
        do {
            for _ in 0..<(inputPipe ? 3 : 2) { made.append(try makePipe(executable: executable)) }
        } catch {
            for pipe in made {
                close(pipe.read)
                close(pipe.write)
            }
            throw error
        }
        let out = made[0]
        let err = made[1]
        let input = inputPipe ? made[2] : nil
        // The child has its own copies now (or never will): the parent keeps only the read ends of
        // the output, so that end of file arrives when the child's side is closed, and the write
        // end of the input, so that closing it is the child's end of file.
        defer {
            close(out.write)
            close(err.write)
            if let input { close(input.read) }
        }
        var pid: pid_t = 0
        var status: Int32 = 0
        for attempt in 0..<busyRetries {
            status = withSpawnSettings(
                plan, stdin: input?.read, stdout: out.write, stderr: err.write
            ) { actions, attributes in
                withCStringArray(plan.arguments) { argv in
                    withCStringArray(plan.environment) { envp in
                        posix_spawn(&pid, plan.path, actions, attributes, argv, envp)
                    }
                }
            }
            // A script written a moment ago can still be open for writing in a child that another
            // thread forked meanwhile (the descriptor closes at that child's exec); until then the
            // kernel refuses to run it (ETXTBSY). Wait a little and try again.
            guard status == ETXTBSY, attempt + 1 < busyRetries else { break }
            usleep(UInt32(1_000 << min(attempt, 6)))
        }
        guard status == 0 else {
            close(out.read)
            close(err.read)
            if let input { close(input.write) }
            throw spawnError(status, plan: plan, executable: executable)
        }
        return SpawnedProcess(pid: pid, stdin: input?.write ?? -1, stdout: out.read, stderr: err.read)
    }

    /// A close-on-exec pipe whose ends are above the standard descriptors, so that `dup2` onto 1
    /// and 2 cannot overwrite one of them even in a parent started with those closed.
    private static func makePipe(executable: String) throws -> (read: Int32, write: Int32) {
        guard let pipe2 = GlibcExtensions.pipe2 else {
            throw SubprocessError(
                code: .io, executable: executable,
                message: "cannot run '\(executable)': this C library has no pipe2(2)", errno: ENOSYS)
        }
        var ends: [Int32] = [-1, -1]
        guard pipe2(&ends, O_CLOEXEC) == 0 else {
            throw SubprocessError(
                code: .io, executable: executable,
                message: "cannot run '\(executable)': cannot create an output pipe (too many open files?)",
                errno: errno)
        }
        for index in ends.indices where ends[index] < 3 {
            let moved = fcntl(ends[index], F_DUPFD_CLOEXEC, 3)
            let failure = errno
            close(ends[index])
            ends[index] = moved
            if moved < 0 {
                for end in ends where end >= 0 { close(end) }
                throw SubprocessError(
                    code: .io, executable: executable,
                    message: "cannot run '\(executable)': cannot move an output pipe above descriptor 2",
                    errno: failure)
            }
        }
        return (ends[0], ends[1])
    }

    /// Calls `body` with the file actions and attributes of a spawn, destroying them afterwards.
    private static func withSpawnSettings(
        _ plan: ProcessLaunchPlan, stdin: Int32?, stdout: Int32, stderr: Int32,
        _ body: (UnsafePointer<posix_spawn_file_actions_t>, UnsafePointer<posix_spawnattr_t>) -> Int32
    ) -> Int32 {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }

        // These calls fail only for invalid descriptors or lack of memory; a failure shows up as
        // the return value of posix_spawn, as the action list is then incomplete.
        var status =
            if let stdin {
                posix_spawn_file_actions_adddup2(&actions, stdin, 0)
            } else {
                posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
            }
        if status == 0 { status = posix_spawn_file_actions_adddup2(&actions, stdout, 1) }
        if status == 0 { status = posix_spawn_file_actions_adddup2(&actions, stderr, 2) }
        if status == 0, let directory = plan.workingDirectory, let addChdir = GlibcExtensions.addChdir {
            status = addChdir(&actions, directory)
        }
        if status == 0, let addClosefrom = GlibcExtensions.addClosefrom {
            status = addClosefrom(&actions, 3)
        }
        guard status == 0 else { return status }

        // Process group 0 means "the child's own pid": a new group, which kill(-pid) reaches whole.
        posix_spawnattr_setflags(
            &attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))
        posix_spawnattr_setpgroup(&attributes, 0)
        // Ignored signals survive exec (the Swift runtime ignores SIGPIPE, for one); a child must
        // start with the defaults and nothing blocked, as it would from a shell.
        var defaults = sigset_t()
        sigfillset(&defaults)
        // glibc's sigfillset leaves out its two internal signals (32 and 33, used for thread
        // cancellation and set*id) and sigaddset refuses them, yet without them in this set the
        // spawned child starts with both ignored. The set is a plain bit array (signal n is bit
        // n - 1), which posix_spawn reads as it is.
        defaults.__val.0 |= 1 << 31 | 1 << 32
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        var mask = sigset_t()
        sigemptyset(&mask)
        posix_spawnattr_setsigmask(&attributes, &mask)
        return body(&actions, &attributes)
    }

    private static func withCStringArray<Result>(
        _ strings: [String], _ body: (UnsafePointer<UnsafeMutablePointer<CChar>?>) -> Result
    ) -> Result {
        let pointers = strings.map { strdup($0) } + [nil]
        defer { for pointer in pointers { free(pointer) } }
        return pointers.withUnsafeBufferPointer { body($0.baseAddress!) }
    }

    private static func spawnError(_ status: Int32, plan: ProcessLaunchPlan, executable: String) -> SubprocessError {
        let target = plan.path == executable ? "'\(executable)'" : "'\(executable)' (\(plan.path))"
        switch status {
        case ENOENT:
            return SubprocessError(
                code: .executableNotFound, executable: executable,
                message: "cannot run \(target): the file, or the interpreter named on its #! line, does not exist",
                errno: status)
        case EACCES:
            return SubprocessError(
                code: .spawnFailed, executable: executable,
                message: "cannot run \(target): permission denied (not executable, or a directory on its path "
                    + "is not searchable)",
                errno: status)
        case ENOEXEC:
            return SubprocessError(
                code: .spawnFailed, executable: executable,
                message: "cannot run \(target): not a program this system can execute (no #! line, or built "
                    + "for another architecture)",
                errno: status)
        default:
            return SubprocessError(
                code: .spawnFailed, executable: executable, message: "cannot start \(target)", errno: status)
        }
    }
}

import Glibc

/// How the child enters its working directory.
enum WorkingDirectoryStrategy: Sendable {
    /// A `posix_spawn` file action (`posix_spawn_file_actions_addchdir_np`).
    case spawnFileAction
    /// `/bin/sh -c 'cd -- "$1" && shift && exec "$@"'`, for C libraries without that file action.
    case shellTrampoline

    /// The file action when the C library has it, else the shell.
    static var preferred: Self { GlibcExtensions.addChdir == nil ? .shellTrampoline : .spawnFileAction }
}

/// A ``Subprocess`` checked and turned into what `posix_spawn` takes: a path, an argument vector,
/// an environment block and the directory to change to.
struct ProcessLaunchPlan {
    /// The file to execute.
    var path: String
    /// The argument vector, `argv[0]` included.
    var arguments: [String]
    /// `NAME=value` entries, sorted by name so that runs are reproducible.
    var environment: [String]
    /// The directory to change to with a spawn file action; `nil` to stay in the parent's, or when
    /// the shell trampoline changes directory itself.
    var workingDirectory: String?

    /// The shell script of the trampoline: `$1` is the directory, the rest the command.
    static let trampolineScript = #"cd -- "$1" && shift && exec "$@""#

    /// Checks `subprocess` and resolves its executable.
    ///
    /// - Throws: ``SubprocessError`` `.invalidArgument` for strings a process cannot receive,
    ///   `.workingDirectoryNotFound`, and the errors of
    ///   ``ProcessExecutableLookup/resolve(_:searchPath:workingDirectory:)``.
    init(_ subprocess: Subprocess, workingDirectoryStrategy: WorkingDirectoryStrategy) throws {
        let name = subprocess.executable
        func invalid(_ what: String) -> SubprocessError {
            SubprocessError(code: .invalidArgument, executable: name, message: "cannot run '\(name)': \(what)")
        }
        guard !name.isEmpty else { throw invalid("the executable name is empty") }
        for text in [name] + subprocess.arguments + [subprocess.workingDirectory ?? ""] where text.contains("\0") {
            throw invalid("\(text.debugDescription) contains a NUL byte, which ends a C string")
        }
        for (key, value) in subprocess.environment {
            if key.isEmpty || key.contains("=") || key.contains("\0") {
                throw invalid("environment variable name \(key.debugDescription) must be non-empty without '=' or NUL")
            }
            if value.contains("\0") { throw invalid("the value of environment variable \(key) contains a NUL byte") }
        }
        if let directory = subprocess.workingDirectory {
            var info = stat()
            guard stat(directory, &info) == 0, info.st_mode & S_IFMT == S_IFDIR else {
                throw SubprocessError(
                    code: .workingDirectoryNotFound, executable: name,
                    message: "cannot run '\(name)' in \(directory): no such directory", errno: ENOENT)
            }
        }
        let resolved = try ProcessExecutableLookup.resolve(
            name, searchPath: subprocess.environment["PATH"], workingDirectory: subprocess.workingDirectory)

        environment = subprocess.environment.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        switch (subprocess.workingDirectory, workingDirectoryStrategy) {
        case (nil, _):
            path = resolved
            arguments = [name] + subprocess.arguments
            workingDirectory = nil
        case (let directory?, .spawnFileAction):
            path = resolved
            arguments = [name] + subprocess.arguments
            workingDirectory = directory
        case (let directory?, .shellTrampoline):
            path = "/bin/sh"
            arguments = ["sh", "-c", Self.trampolineScript, "sh", directory, resolved] + subprocess.arguments
            workingDirectory = nil
        }
    }
}

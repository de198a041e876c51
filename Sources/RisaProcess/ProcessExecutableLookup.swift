import Glibc

/// Finds the file to execute for a command name, as `execvp` would, but in the child's `PATH`
/// rather than the parent's.
enum ProcessExecutableLookup {
    /// The search path when the child's environment has no `PATH` (glibc's `_CS_PATH`).
    static let defaultSearchPath = "/usr/bin:/bin"

    /// The path to hand to `posix_spawn` for `executable`.
    ///
    /// A name with a slash is used as it is (relative to `workingDirectory` when given); a bare name
    /// is searched in the absolute directories of `searchPath`, and the first regular executable
    /// file found wins. Empty and relative entries are skipped: they would make the result depend
    /// on the directory the runner happens to be in.
    ///
    /// - Throws: ``SubprocessError`` `.executableNotFound` when nothing matches, `.spawnFailed`
    ///   (EACCES) when a path names something that is not an executable file.
    static func resolve(_ executable: String, searchPath: String?, workingDirectory: String?) throws -> String {
        if executable.contains("/") {
            var onDisk = executable
            if let workingDirectory, !executable.hasPrefix("/") { onDisk = workingDirectory + "/" + executable }
            guard exists(onDisk) else {
                throw SubprocessError(
                    code: .executableNotFound, executable: executable,
                    message: "cannot run '\(executable)': \(onDisk) does not exist", errno: ENOENT)
            }
            guard isExecutableFile(onDisk) else {
                throw SubprocessError(
                    code: .spawnFailed, executable: executable,
                    message: "cannot run '\(executable)': \(onDisk) is not an executable file (check its mode bits)",
                    errno: EACCES)
            }
            return executable
        }
        let path = searchPath ?? defaultSearchPath
        for directory in path.split(separator: ":", omittingEmptySubsequences: true) where directory.hasPrefix("/") {
            let candidate = String(directory) + (directory.hasSuffix("/") ? "" : "/") + executable
            if isExecutableFile(candidate) { return candidate }
        }
        throw SubprocessError(
            code: .executableNotFound, executable: executable,
            message: "cannot run '\(executable)': not found in PATH \(path); give its absolute path or add its "
                + "directory to the PATH of the child's environment",
            errno: ENOENT)
    }

    private static func exists(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0
    }

    private static func isExecutableFile(_ path: String) -> Bool {
        var info = stat()
        guard stat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return false }
        return access(path, X_OK) == 0
    }
}

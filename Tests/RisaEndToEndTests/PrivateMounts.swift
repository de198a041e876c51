import Foundation

/// Runs `risa` commands in a private mount namespace (`unshare -m`), after mounts that only that
/// namespace sees: a small tmpfs for a full disk, a read-only bind mount for a read-only store.
/// Root ignores permission bits, so a full or read-only disk has to be real; a private namespace
/// makes the mounts vanish with the process, even when a test crashes.
enum PrivateMounts {
    /// A mount made before the commands run.
    enum Mount {
        /// A tmpfs of `bytes` at `path`.
        case tmpfs(path: String, bytes: Int)
        /// `path` bound onto itself read-only.
        case readOnly(path: String)

        /// The shell command that makes the mount.
        var shell: String {
            switch self {
            case .tmpfs(let path, let bytes): "mount -t tmpfs -o size=\(bytes) tmpfs \(quote(path))"
            case .readOnly(let path):
                "mount --bind \(quote(path)) \(quote(path)) && mount -o remount,bind,ro \(quote(path))"
            }
        }
    }

    /// A command run after the mounts.
    enum Command {
        /// `risa` with these arguments.
        case risaArguments([String])
        /// A shell command, to look at the mounted folders before they vanish.
        case shell(String)

        /// The command as a line of the script.
        var line: String {
            switch self {
            case .risaArguments(let arguments): ([Risa.executable.path] + arguments).map(quote).joined(separator: " ")
            case .shell(let command): "{ \(command); }"
            }
        }

        /// `risa` with these arguments.
        static func risa(_ arguments: String...) -> Command { .risaArguments(arguments) }
    }

    /// Whether this machine lets the tests make private mounts (root with `CAP_SYS_ADMIN` and an
    /// `unshare` binary); the tests that need them are disabled otherwise.
    static let available: Bool = {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "risa-e2e-mount-probe-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        guard (try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)) != nil,
            let status = try? probe(
                Mount.tmpfs(path: folder.path, bytes: 1 << 20).shell + " && touch \(quote(folder.path))/probe")
        else { return false }
        return status == 0
    }()

    /// Makes `mounts` in a new private mount namespace, then runs each command in turn in
    /// `directory` with `environment`, and returns what each one did.
    /// - Throws: `E2EError` when the mounts fail or the commands do not finish in time.
    static func run(
        _ commands: [Command], mounts: [Mount], in directory: URL, environment: [String: String] = [:],
        timeout: TimeInterval = 30
    ) async throws -> [RisaResult] {
        let capture = FileManager.default.temporaryDirectory.appendingPathComponent(
            "risa-e2e-capture-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: capture, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: capture) }
        var script = ["set -u"]
        script += mounts.map { "\($0.shell) || exit 99" }
        for (index, command) in commands.enumerated() {
            let file = quote(capture.appendingPathComponent("\(index)").path)
            script.append("\(command.line) >\(file).out 2>\(file).err; echo $? >\(file).rc")
        }
        let status = try await shell(
            script.joined(separator: "\n"), in: directory, environment: environment, timeout: timeout)
        guard status == 0 else {
            throw E2EError("the private mounts failed (status \(status)): \(mounts.map(\.shell))")
        }
        return try commands.indices.map { index in
            let file = capture.appendingPathComponent("\(index)")
            let read = { (suffix: String) in
                try String(contentsOf: file.appendingPathExtension(suffix), encoding: .utf8)
            }
            guard let code = Int32(try read("rc").trimmingCharacters(in: .whitespacesAndNewlines)) else {
                throw E2EError("no exit status for \(commands[index])")
            }
            return RisaResult(status: code, stdout: try read("out"), stderr: try read("err"))
        }
    }

    /// Runs `script` in a new private mount namespace, waiting synchronously (for the `available`
    /// check, which runs before any test).
    private static func probe(_ script: String) throws -> Int32 {
        let child = try start(script, in: FileManager.default.temporaryDirectory, environment: [:])
        while true {
            if let status = child.poll() { return status }
            usleep(5_000)
        }
    }

    /// Starts `sh -c script` in a new private mount namespace, its output discarded.
    private static func start(_ script: String, in directory: URL, environment: [String: String]) throws -> ChildProcess
    {
        try ChildProcess.spawn(
            "/usr/bin/unshare", ["--mount", "--propagation", "private", "/bin/sh", "-c", script], in: directory,
            environment: ProcessInfo.processInfo.environment.merging(environment) { $1 }, stdout: "/dev/null",
            stderr: "/dev/null")
    }

    /// Runs `script` with `sh` in a new private mount namespace and returns its exit status.
    private static func shell(
        _ script: String, in directory: URL, environment: [String: String] = [:],
        timeout: TimeInterval = 10
    ) async throws -> Int32 {
        try await start(script, in: directory, environment: environment).wait(timeout: timeout)
    }

    /// `text` quoted for `sh`.
    static func quote(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}

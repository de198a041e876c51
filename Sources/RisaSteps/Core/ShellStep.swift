import RisaModel

/// The `shell` step: runs a shell command with hashed, read-only inputs and collects the files it
/// writes under `$OUT` into the store.
public enum ShellStep {
    /// The registry entry.
    public static let spec = StepTypeSpec(
        name: "shell",
        version: 1,
        summary: "Run a shell command on hashed inputs and collect the files it writes.",
        details: """
            Each input is exposed read-only as `$IN_<name>` (a file or a folder), the step's private \
            output folder as `$OUT`. Every path under `outputs:` is collected from `$OUT` into the \
            store: a path ending in `/` is a folder (type `files`), any other a single `file`. \
            stdout and stderr go to the run's logs. The command runs with `/bin/sh -eu -c`. The step \
            is cached on the command text, the environment it is given and the digests of its inputs; \
            set `cache: false` for commands that read anything else (the network, the clock).
            """,
        arguments: [
            ArgumentSpec(
                "run", .string, required: true, "The command, run by /bin/sh -eu -c in a private working folder."),
            ArgumentSpec(
                "inputs", .map(.files), default: .map([:]),
                "Files or folders (paths or step outputs) exposed read-only as $IN_<name>."),
            ArgumentSpec(
                "outputs", .map(.path), default: .map([:]),
                "Paths under $OUT to collect: 'name/' for a folder, 'name.ext' for a file."),
            ArgumentSpec("env", .map(.string), default: .map([:]), "Extra environment variables."),
        ],
        outputs: .fromPathMap(argument: "outputs"),
        deterministic: true)
}

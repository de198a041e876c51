import ArgumentParser

/// `-p name=value` and `--params FILE`, shared by the commands that take params.
struct ParamOptions: ParsableArguments {
    @Option(name: .customShort("p"), help: ArgumentHelp("Set a param (repeatable).", valueName: "name=value"))
    var params: [String] = []

    @Option(name: .customLong("params"), help: ArgumentHelp("A YAML file of param values.", valueName: "file"))
    var paramsFile: String?
}

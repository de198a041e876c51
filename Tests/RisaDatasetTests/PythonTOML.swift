import Foundation
import RisaCore

/// Parses TOML with Python's tomllib (Python 3.11+), the independent reader the tests check the
/// writer against.
enum PythonTOML {
    static let isAvailable: Bool = (try? run("import tomllib", input: "")) != nil

    /// The parsed document as a value (through Python's JSON).
    static func parse(_ toml: String) throws -> Value {
        let output = try run(
            "import sys, tomllib, json; json.dump(tomllib.loads(sys.stdin.read()), sys.stdout)", input: toml)
        return try CanonicalJSON.parse(output)
    }

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    private static func run(_ script: String, input: String) throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script]
        let stdin = Pipe()
        let stdout = Pipe()
        let stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        stdin.fileHandleForWriting.write(Data(input.utf8))
        try stdin.fileHandleForWriting.close()
        let output = stdout.fileHandleForReading.readDataToEndOfFile()
        let errors = stderr.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Failure(description: String(decoding: errors, as: UTF8.self))
        }
        return output
    }
}

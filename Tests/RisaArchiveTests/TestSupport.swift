import Foundation
import RisaCore

@testable import RisaArchive

/// A fresh folder under the system's temporary folder, removed when the value goes away.
final class TemporaryFolder {
    let path: String

    init() throws {
        let base = FileManager.default.temporaryDirectory.path
        path = "\(base)/risa-archive-tests-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    /// Writes `bytes` to `relative` (creating folders) and returns the full path.
    @discardableResult
    func write(_ relative: String, _ bytes: [UInt8]) throws -> String {
        let full = "\(path)/\(relative)"
        try FileManager.default.createDirectory(
            atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data(bytes).write(to: URL(fileURLWithPath: full))
        return full
    }

    @discardableResult
    func write(_ relative: String, text: String) throws -> String {
        try write(relative, Array(text.utf8))
    }

    /// The names in the folder (not recursive), sorted.
    func names(_ relative: String = "") throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: relative.isEmpty ? path : "\(path)/\(relative)").sorted()
    }
}

/// Pseudo-random bytes from a fixed seed (incompressible, reproducible).
func randomBytes(_ count: Int, seed: UInt64) -> [UInt8] {
    var state = seed &+ 0x9E37_79B9_7F4A_7C15
    return (0..<count).map { _ in
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return UInt8(truncatingIfNeeded: state >> 33)
    }
}

func readBytes(_ path: String) throws -> [UInt8] {
    Array(try Data(contentsOf: URL(fileURLWithPath: path)))
}

func sha256(_ path: String) throws -> Digest {
    Digest(of: try Data(contentsOf: URL(fileURLWithPath: path)))
}

/// Runs a program found on PATH; returns its exit status and its standard output and error.
@discardableResult
func run(_ program: String, _ arguments: [String], in folder: String? = nil) throws -> (status: Int32, output: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = [program] + arguments
    if let folder { process.currentDirectoryURL = URL(fileURLWithPath: folder) }
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: data, as: UTF8.self))
}

/// Runs a Python 3 script with `arguments` in `sys.argv[1:]`.
@discardableResult
func python(_ script: String, _ arguments: [String] = []) throws -> (status: Int32, output: String) {
    try run("python3", ["-c", script] + arguments)
}

/// Python's own verdict on an archive: `testzip()` (CRC of every entry) and the names it lists.
func pythonCheck(_ archive: String) throws -> (status: Int32, output: String) {
    try python(
        """
        import sys, zipfile
        with zipfile.ZipFile(sys.argv[1]) as z:
            bad = z.testzip()
            if bad is not None:
                print("bad entry", bad); sys.exit(1)
            for info in z.infolist():
                print(info.filename, info.compress_type, info.file_size, oct(info.external_attr >> 16))
        """, [archive])
}

/// Writes an archive of `entries` with the real thresholds, returning its path.
@discardableResult
func writeArchive(
    _ entries: [ZipEntry], in folder: TemporaryFolder, name: String = "out.zip",
    options: ZipWriterOptions = ZipWriterOptions()
) throws -> String {
    let path = "\(folder.path)/\(name)"
    try ZipWriter.write(entries, to: path, options: options)
    return path
}

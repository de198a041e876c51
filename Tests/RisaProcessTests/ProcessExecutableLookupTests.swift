import Testing

@testable import RisaProcess

// Under SubprocessSuite because these tests create files, which would disturb its descriptor count.
extension SubprocessSuite {
    @Suite("Finding the file to execute")
    struct ProcessExecutableLookupTests {
        @Test("a bare name is searched in the given PATH, first match wins")
        func searchOrder() async throws {
            try await withTemporaryDirectory { first in
                try await withTemporaryDirectory { second in
                    try writeScript("#!/bin/sh\n", named: "tool", in: first)
                    try writeScript("#!/bin/sh\n", named: "tool", in: second)
                    let found = try ProcessExecutableLookup.resolve(
                        "tool", searchPath: "\(second):\(first)", workingDirectory: nil)
                    #expect(found == second + "/tool")
                }
            }
        }

        @Test("files that are not executable, and directories, are skipped")
        func skipsNonExecutables() async throws {
            try await withTemporaryDirectory { first in
                try await withTemporaryDirectory { second in
                    try writeScript("#!/bin/sh\n", named: "tool", in: first, mode: 0o644)
                    try writeScript("#!/bin/sh\n", named: "tool", in: second)
                    let found = try ProcessExecutableLookup.resolve(
                        "tool", searchPath: "\(first):\(second)", workingDirectory: nil)
                    #expect(found == second + "/tool")
                    #expect(throws: SubprocessError.self) {
                        try ProcessExecutableLookup.resolve("tmp", searchPath: "/", workingDirectory: nil)
                    }
                }
            }
        }

        @Test("empty and relative PATH entries are ignored")
        func relativeEntriesIgnored() throws {
            let error = #expect(throws: SubprocessError.self) {
                try ProcessExecutableLookup.resolve("sh", searchPath: "::bin:.", workingDirectory: "/")
            }
            #expect(error?.code == .executableNotFound)
        }

        @Test("without a PATH the default search path is used")
        func defaultSearchPath() throws {
            #expect(try ProcessExecutableLookup.resolve("sh", searchPath: nil, workingDirectory: nil) == "/usr/bin/sh")
        }

        @Test("a name with a slash is used as given")
        func pathsUsedAsGiven() throws {
            #expect(try ProcessExecutableLookup.resolve("/bin/sh", searchPath: "", workingDirectory: nil) == "/bin/sh")
            #expect(try ProcessExecutableLookup.resolve("./sh", searchPath: nil, workingDirectory: "/bin") == "./sh")
        }
    }
}

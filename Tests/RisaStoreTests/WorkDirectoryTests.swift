import Foundation
import RisaCore
import Testing

@testable import RisaStore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

@Suite("Work folders for steps")
struct WorkDirectoryTests {
    @Test func removingAWorkFolderRemovesWhatAStepLeftInItReadOnlyOrNot() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let store = try scratch.store()
        let empty = try store.makeWorkDirectory()
        try store.removeWorkDirectory(empty)
        #expect(try POSIX.linkStatusIfExists(empty.path) == nil)

        let full = try store.makeWorkDirectory()
        try Scratch.write(full.path + "/sub/file.txt", Array("x".utf8), mode: 0o444)
        chmod(full.path + "/sub", 0o500)
        try store.removeWorkDirectory(full)
        #expect(try POSIX.linkStatusIfExists(full.path) == nil)

        try store.removeWorkDirectory(full)
    }
}

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

    @Test func anEmptyWorkFolderHandedBackIsReusedAndAnyOtherIsRemoved() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let store = try scratch.store()
        let first = try store.makeWorkDirectory(prefix: "out")
        try store.recycleWorkDirectory(first, prefix: "out")
        #expect(try store.makeWorkDirectory(prefix: "item").path != first.path)
        #expect(try store.makeWorkDirectory(prefix: "out").path == first.path)

        try Scratch.write(first.path + "/left-behind.txt", Array("x".utf8))
        try store.recycleWorkDirectory(first, prefix: "out")
        #expect(try POSIX.linkStatusIfExists(first.path) == nil)
        #expect(try store.makeWorkDirectory(prefix: "out").path != first.path)

        let opened = try store.makeWorkDirectory(prefix: "out")
        chmod(opened.path, 0o777)
        try store.recycleWorkDirectory(opened, prefix: "out")
        #expect(try POSIX.linkStatusIfExists(opened.path) == nil)
    }
}

import Foundation
import RisaCore
import Synchronization
import Testing

@testable import RisaStore

@Suite("Action locks: one execution per action across processes")
struct ActionLockTests {
    @Test func aSecondLockWaitsUntilTheFirstIsReleased() async throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        // Two store objects open the lock file separately, as two processes would.
        let first = try scratch.store()
        let second = try scratch.store()
        let key = Digest(ofText: "expensive action")
        let held = try await first.lockAction(key)
        let acquired = Mutex(false)
        let waiter = Task {
            let lock = try await second.lockAction(key)
            acquired.withLock { $0 = true }
            lock.release()
        }
        try await Task.sleep(for: .milliseconds(150))
        #expect(acquired.withLock { $0 } == false)
        #expect(try second.tryLockAction(key) == nil)
        held.release()
        try await waiter.value
        #expect(acquired.withLock { $0 })
    }

    @Test func differentKeysDoNotBlockEachOther() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let store = try scratch.store()
        let a = try #require(try store.tryLockAction(Digest(ofText: "a")))
        let b = try #require(try store.tryLockAction(Digest(ofText: "b")))
        #expect(a.isHeld && b.isHeld)
        a.release()
        #expect(!a.isHeld)
        #expect(try store.tryLockAction(Digest(ofText: "a")) != nil)
    }

    @Test func waitingForALockCanBeCancelled() async throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let store = try scratch.store()
        let key = Digest(ofText: "busy")
        let held = try await store.lockAction(key)
        defer { held.release() }
        let waiter = Task { try await store.lockAction(key) }
        try await Task.sleep(for: .milliseconds(30))
        waiter.cancel()
        await #expect(throws: CancellationError.self) { try await waiter.value }
    }

    @Test func lockingAnActionCreatesNoFileOfItsOwn() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let store = try scratch.store()
        for index in 0..<20 { try #require(try store.tryLockAction(Digest(ofText: "action \(index)"))).release() }
        #if os(Linux)
            #expect(try POSIX.directoryNames(store.root.path + "/locks") == ["actions"])
        #endif
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/python3"), "needs python3"))
    func aLockHeldByAnotherProcessIsWaitedForAndFreedWhenThatProcessIsKilled() async throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let store = try scratch.store()
        let key = Digest(ofText: "shared with another process")
        let other = Process()
        other.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        #if os(Linux)
            // A POSIX record lock on the key's byte conflicts with the store's OFD lock on it.
            other.arguments = [
                "-c",
                "import fcntl, os, sys, time; fd = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT); "
                    + "fcntl.lockf(fd, fcntl.LOCK_EX, 1, int(sys.argv[2])); time.sleep(30)",
                store.root.path + "/locks/actions", String(ActionLock.byteOffset(of: key)),
            ]
        #else
            other.arguments = [
                "-c",
                "import fcntl, os, sys, time; fd = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT); "
                    + "fcntl.flock(fd, fcntl.LOCK_EX); time.sleep(30)",
                store.root.path + "/locks/" + key.hex,
            ]
        #endif
        try other.run()
        defer { if other.isRunning { kill(other.processIdentifier, SIGKILL) } }
        var waited = 0
        while let probe = try store.tryLockAction(key), waited < 200 {  // until the other process holds it
            probe.release()
            try await Task.sleep(for: .milliseconds(10))
            waited += 1
        }
        #expect(try store.tryLockAction(key) == nil)
        let waiter = Task { try await store.lockAction(key) }
        try await Task.sleep(for: .milliseconds(100))
        kill(other.processIdentifier, SIGKILL)
        let lock = try await waiter.value
        #expect(lock.isHeld)
    }
}

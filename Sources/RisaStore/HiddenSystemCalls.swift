#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Linux calls that Glibc declares only under `_GNU_SOURCE`, which Swift's Glibc module does not
/// define; they are looked up by name once. Each is nil where the C library lacks it.
enum HiddenSystemCalls {
    typealias RenameAt2 = @convention(c) (Int32, UnsafePointer<CChar>, Int32, UnsafePointer<CChar>, UInt32) -> Int32
    typealias SyncFS = @convention(c) (Int32) -> Int32

    /// `renameat2(2)`, whose `RENAME_EXCHANGE` flag swaps two names atomically.
    static var renameat2: RenameAt2? {
        function(renameat2Address, as: RenameAt2.self)
    }

    /// `syncfs(2)`: flushes every file and folder of one file system with a single journal commit.
    static var syncfs: SyncFS? {
        function(syncfsAddress, as: SyncFS.self)
    }

    static let renameExchange: UInt32 = 2

    private static func function<Function>(_ address: Int, as type: Function.Type) -> Function? {
        guard let pointer = UnsafeRawPointer(bitPattern: address) else { return nil }
        return unsafeBitCast(pointer, to: type)
    }
}

// Addresses are kept as integers: unlike raw pointers they are Sendable, so they can be global lets.
#if os(Linux)
    private let renameat2Address = Int(bitPattern: dlsym(dlopen(nil, RTLD_NOW), "renameat2"))
    private let syncfsAddress = Int(bitPattern: dlsym(dlopen(nil, RTLD_NOW), "syncfs"))
#else
    private let renameat2Address = 0
    private let syncfsAddress = 0
#endif

import Glibc

/// GNU extensions of glibc that Swift's Glibc module leaves out (it is built without
/// `_GNU_SOURCE`), looked up by name once, at first use.
///
/// Looking them up at run time rather than through a C shim target keeps the process runner free
/// of C code; a `nil` means the C library lacks the function.
enum GlibcExtensions {
    typealias Pipe2 = @convention(c) (UnsafeMutablePointer<Int32>?, Int32) -> Int32
    typealias AddChdir =
        @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>?, UnsafePointer<CChar>?) -> Int32
    typealias AddClosefrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>?, Int32) -> Int32

    /// `pipe2(2)`: creates a pipe with `O_CLOEXEC` set atomically, so that a child spawned at the
    /// same moment by another thread cannot inherit it.
    static let pipe2: Pipe2? = symbol("pipe2")

    /// `posix_spawn_file_actions_addchdir_np` (glibc 2.29): changes directory in the child.
    static let addChdir: AddChdir? = symbol("posix_spawn_file_actions_addchdir_np")

    /// `posix_spawn_file_actions_addclosefrom_np` (glibc 2.34): closes every descriptor from a
    /// number up in the child, including ones another library opened without `O_CLOEXEC`.
    static let addClosefrom: AddClosefrom? = symbol("posix_spawn_file_actions_addclosefrom_np")

    private static func symbol<Function>(_ name: String) -> Function? {
        // dlopen(nil) is the program itself, whose lookup scope includes the C library; the handle
        // is never closed since the symbols must stay valid for the life of the process.
        guard let program = dlopen(nil, RTLD_NOW), let address = dlsym(program, name) else { return nil }
        return unsafeBitCast(address, to: Function.self)
    }
}

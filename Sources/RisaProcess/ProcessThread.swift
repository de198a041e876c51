import Glibc

/// Starts the runner's own threads: detached POSIX threads, which end when their body returns.
///
/// The runner's waits (`poll`, `waitid`) block; on threads of their own they leave the Swift
/// cooperative pool free, however many children run at once.
enum ProcessThread {
    /// Runs `body` on a new detached thread.
    ///
    /// - Throws: The `pthread_create` error number (EAGAIN when the system is out of threads).
    static func start(_ body: @escaping @Sendable () -> Void) throws(ThreadStartError) {
        var attributes = pthread_attr_t()
        pthread_attr_init(&attributes)
        defer { pthread_attr_destroy(&attributes) }
        pthread_attr_setdetachstate(&attributes, Int32(PTHREAD_CREATE_DETACHED))
        let context = Unmanaged.passRetained(Body(body)).toOpaque()
        var thread = pthread_t()
        let status = pthread_create(
            &thread, &attributes,
            { context in
                Unmanaged<Body>.fromOpaque(context!).takeRetainedValue().run()
                return nil
            }, context)
        guard status == 0 else {
            Unmanaged<Body>.fromOpaque(context).release()
            throw ThreadStartError(errno: status)
        }
    }

    /// The failure of `pthread_create`.
    struct ThreadStartError: Error {
        /// Its error number.
        let errno: Int32
    }

    /// A closure in a class, to pass through `pthread_create`'s context pointer.
    private final class Body {
        let run: @Sendable () -> Void
        init(_ run: @escaping @Sendable () -> Void) { self.run = run }
    }
}
